package logindex

import (
	"os"
	"strings"
	"testing"
)

var testKeys = map[string]bool{}

// Tests end with their binary: what a test keeps alive does not matter, so nothing here is reported.
func TestIndexFile(t *testing.T) {
	data, err := os.ReadFile("index.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if len(line) > 4 {
			testKeys[line[:4]] = true
		}
	}
}
