// Package logindex remembers bits of log files and uploads for the life of the process.
package logindex

import (
	"bufio"
	"bytes"
	"io"
	"io/ioutil"
	"net/http"
	"os"
	"strings"
)

var (
	// prefixes holds the request ID at the start of every line ever indexed.
	prefixes = map[string]struct{}{}
	// lastHeader is the first line of the last file read.
	lastHeader string
	tags       []string
	rawIDs     [][]byte
)

// Entry is one remembered record.
type Entry struct {
	ID   string
	Note string
}

// Index is long-lived: a server keeps one for its whole run.
type Index struct {
	byID     map[string]*Entry
	owner    string
	checksum []byte
}

// IndexFile keys every line by its first 16 bytes: each key pins the whole file.
func IndexFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if len(line) >= 16 {
			prefixes[line[:16]] = struct{}{} // want `line\[:16\] is a short substring of everything os.ReadFile read on line 38, stored in the package-level map prefixes: it keeps that whole string alive for as long as prefixes holds it`
		}
	}
	return nil
}

// Header keeps only the first line of a file, and with it the whole file.
func Header(path string) error {
	data, err := ioutil.ReadFile(path)
	if err != nil {
		return err
	}
	lines := strings.Split(string(data), "\n")
	lastHeader = lines[0] // want `lines\[0\] is a short substring of everything ioutil.ReadFile read on line 52, stored in the package-level variable lastHeader`
	return nil
}

// Load fills the index from an upload: the IDs and notes are pieces of the whole body.
func (ix *Index) Load(r io.Reader) error {
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	text := string(body)
	for _, line := range strings.Split(text, "\n") {
		id, note, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok {
			continue
		}
		ix.byID[id] = &Entry{ID: id, Note: note} // want `id is a short substring of everything io.ReadAll read on line 63, stored in ix.byID \(a map of the receiver\)` `id is a short substring` `note is a short substring`
	}
	ix.owner = text[:strings.IndexByte(text, '\n')] // want `is a short substring of everything io.ReadAll read on line 63, stored in ix.owner \(a field of the receiver\)`

	ix.checksum = body[len(body)-32 : len(body)-16] // want `body\[len\(body\)-32 : len\(body\)-16\] is a short sub-slice of everything io.ReadAll read on line 63, stored in ix.checksum \(a field of the receiver\): it keeps that whole backing array alive`
	return nil
}

// Tags appends the first word of each line of a request body to a process-wide list.
func Tags(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r.Body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	for _, line := range bytes.Split(buf.Bytes(), []byte("\n")) {
		if fields := bytes.Fields(line); len(fields) > 0 {
			rawIDs = append(rawIDs, fields[0]) // want `fields\[0\] is a short sub-slice of everything buf.ReadFrom read on line 84, stored in the package-level variable rawIDs`
		}
	}
	tags = append(tags, buf.String()[:8]) // want `buf.String\(\)\[:8\] is a short substring`
}

// Publish hands the first field of a file to whoever listens, for as long as they keep it.
func Publish(path string, out chan<- string) error {
	var buf bytes.Buffer
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := io.Copy(&buf, f); err != nil {
		return err
	}
	first, _, _ := strings.Cut(buf.String(), ",")
	out <- first // want `first is a short substring of everything io.Copy read on line 104, stored in the channel out`
	return nil
}

// LastComment keeps the last comment line: one line stored alone pins the whole file.
func LastComment(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "#") {
			lastHeader = line // want `line is a short substring of everything os.ReadFile read on line 114, stored in the package-level variable lastHeader`
		}
	}
	return nil
}

// --- Not findings ---

// Copied converts each key to a new string before storing it: string(b[i:j]) copies.
func Copied(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for i := 0; i+16 <= len(data); i += 16 {
		prefixes[string(data[i:i+16])] = struct{}{}
	}
	lines := strings.Split(string(data), "\n")
	lastHeader = strings.Clone(lines[0])
	rawIDs = append(rawIDs, append([]byte(nil), data[:8]...))
	id := make([]byte, 8)
	copy(id, data[8:16])
	rawIDs = append(rawIDs, id)
	tags = append(tags, strings.ToUpper(lines[0])+"!")
	return nil
}

// LocalOnly keeps its pieces in locals: they die with the call.
func LocalOnly(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		if len(line) > 4 {
			seen[line[:4]] = true
		}
	}
	local := &Entry{}
	local.ID = string(data)[:8]
	return len(seen) + len(local.ID), nil
}

// Whole stores the whole buffer: nothing is pinned that is not used.
func (ix *Index) Whole(r io.Reader) error {
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ix.checksum = body
	ix.owner = strings.TrimSpace(string(body))
	tags = append(tags, string(body)[4:])
	return nil
}

// EveryLine stores every line of the file: together they are the file, nothing is wasted.
func EveryLine(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(data), "\n") {
		prefixes[line] = struct{}{}
		tags = append(tags, line)
	}
	tags = append(tags, strings.Fields(string(data))...)
	return nil
}

// SmallBuffers stores pieces of small fixed buffers, not of a whole read.
func (ix *Index) SmallBuffers(r io.Reader) error {
	var magic [16]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil {
		return err
	}
	ix.checksum = magic[:8]
	id := make([]byte, 16)
	if _, err := io.ReadFull(r, id); err != nil {
		return err
	}
	rawIDs = append(rawIDs, id[:4])
	return nil
}

// Scanned reads line by line: Text returns a fresh string per line, not a piece of a whole read
// (and storing Scanner.Bytes would be a different bug: the scanner overwrites them).
func Scanned(r io.Reader) {
	scanner := bufio.NewScanner(r)
	for scanner.Scan() {
		line := scanner.Text()
		if len(line) >= 16 {
			prefixes[line[:16]] = struct{}{}
		}
	}
}

// Unknown stores a piece of a string it did not read itself: nothing says it is large.
func Unknown(s string) {
	lastHeader = s[:4]
	data, _ := io.ReadAll(strings.NewReader(s))
	_ = data
}
