package lifetimes

import (
	"bufio"
	"io"
	"os"
	"strings"
)

// prefixes lives for the whole process.
var prefixes = map[string]struct{}{}

// IndexLog remembers the request ID at the start of every line of a log file.
// Bug: the file is read whole, and line[:16] is a substring of that one big string: each
// 16-byte key keeps the whole log file in memory for as long as prefixes holds it.
// strings.Clone(line[:16]) (Go 1.18) stores a 16-byte copy instead.
func IndexLog(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if len(line) >= 16 {
			prefixes[line[:16]] = struct{}{}
		}
	}
	return nil
}

// IndexLogLines reads line by line instead: Scanner.Text returns a new string per line, so a
// key keeps only its own line alive, not the file (retain-subslice is silent here; that the map
// only grows is another bug, map-unbounded-cache).
func IndexLogLines(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for scanner.Scan() {
		line := scanner.Text()
		if len(line) >= 16 {
			prefixes[line[:16]] = struct{}{}
		}
	}
	return scanner.Err()
}

// ReadRecords allocates a slice whose length comes straight from the input.
// Bug: a corrupt or hostile header makes this allocate gigabytes before reading a byte.
func ReadRecords(r io.Reader, header string) ([]string, error) {
	var n int
	for _, c := range strings.TrimSpace(header) {
		n = n*10 + int(c-'0')
	}
	records := make([]string, n)
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	copy(records, strings.Split(string(data), "\n"))
	return records, nil
}

// ProcessFiles opens every file and defers each Close to the end of the function: with
// thousands of files, all stay open (and their buffers alive) until the loop finishes.
func ProcessFiles(paths []string, handle func(io.Reader) error) error {
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := handle(f); err != nil {
			return err
		}
	}
	return nil
}
