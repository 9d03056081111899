package files

import (
	"os"
	"testing"
)

// Tests end with the test: their loops' defers are not a pile-up in a running process.
func TestOpenAll(t *testing.T) {
	for _, name := range os.Args {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		defer f.Close()
	}
}

// Helpers of tests end with the test too.
func openAll(t *testing.T, names []string) {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
	}
}
