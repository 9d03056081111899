// Package parse runs in a module that says go 1.17: no strings.Clone, no bytes.Clone.
package parse

import (
	"io"
	"os"
	"strings"
)

// Header is the first line of the last manifest read, kept until the next one.
var Header string

// Magic is the signature of the last archive read.
var Magic []byte

// ReadManifest keeps the first line, and with it the whole manifest.
func ReadManifest(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	text := string(data)
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		Header = text[:i] // want `text\[:i\] is a short substring of everything os.ReadFile read on line 18, stored in the package-level variable Header: it keeps that whole string alive for as long as Header holds it; store a copy: string\(\[\]byte\(text\[:i\]\)\)`
	}
	return nil
}

// ReadArchive keeps four bytes of what may be a large archive.
func ReadArchive(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if len(data) >= 4 {
		Magic = data[:4] // want `data\[:4\] is a short sub-slice of everything io.ReadAll read on line 31, stored in the package-level variable Magic: it keeps that whole backing array alive for as long as Magic holds it; store a copy: append\(\[\]byte\(nil\), data\[:4\]\.\.\.\)`
	}
	return nil
}
