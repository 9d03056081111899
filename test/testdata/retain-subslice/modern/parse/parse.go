// Package parse runs in a module that says go 1.20: strings.Clone and bytes.Clone are there.
package parse

import (
	"bytes"
	"io"
	"os"
)

var (
	// Header is the first line of the last manifest read.
	Header string
	// Magic is the signature of the last archive read.
	Magic []byte
	// Copied keeps its own copy: not a finding (and this file needs Go 1.20 to build).
	Copied []byte
)

// ReadManifest keeps the first line, and with it the whole manifest; the fix imports strings.
func ReadManifest(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		Header = string(data)[:i] // want `string\(data\)\[:i\] is a short substring of everything os.ReadFile read on line 21, stored in the package-level variable Header`
	}
	return nil
}

// ReadArchive keeps four bytes of what may be a large archive.
func ReadArchive(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if len(data) >= 8 {
		Magic = data[:4] // want `data\[:4\] is a short sub-slice of everything io.ReadAll read on line 33, stored in the package-level variable Magic: it keeps that whole backing array alive for as long as Magic holds it; store a copy: bytes.Clone\(data\[:4\]\)`
		Copied = bytes.Clone(data[4:8])
	}
	return nil
}
