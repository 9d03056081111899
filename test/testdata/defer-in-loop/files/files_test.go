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

// helper is not a test function: it runs for as long as its callers make it loop.
func openAll(t *testing.T, names []string) {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close() // want `every iteration's f stays open`
	}
}
