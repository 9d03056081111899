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
// Bug: line[:16] shares the array of the whole line, and scanner lines share the file buffer:
// each 16-byte key pins the full line it came from. strings.Clone (Go 1.20) or a copy fixes it.
func IndexLog(path string) error {
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
