package fetch

import (
	"testing"
	"time"
)

// Tests end with the test binary: their stuck goroutines are not a process's leak.
func TestQuery(t *testing.T) {
	results := make(chan string)
	go func() {
		results <- "x"
	}()
	select {
	case <-results:
	case <-time.After(time.Second):
		t.Fatal("timeout")
	}
}
