package lifetimes

import (
	"os"
	"runtime"
)

// Handle wraps a file that is closed when the Handle is garbage collected.
type Handle struct {
	file *os.File
}

// OpenHandle sets a finalizer to close the file.
// Bug: the finalizer closes over h, so h is always reachable: it is never collected, the
// finalizer never runs and the file descriptor leaks. The finalizer's parameter is h.
func OpenHandle(path string) (*Handle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	h := &Handle{file: f}
	runtime.SetFinalizer(h, func(*Handle) {
		h.file.Close()
	})
	return h, nil
}
