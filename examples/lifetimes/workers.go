// Package lifetimes collects the smaller leaks from the same post-mortems: timers, contexts,
// channels and slices that live much longer than the code that made them intended.
//
// examples/README.md says which of them gomem reports today.
package lifetimes

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"
)

// Consume drains jobs until quit closes.
// Bug (before Go 1.23): each loop turn allocates a timer through time.After that lives for a
// full minute even when a job arrives first. At 10k jobs/s that is 600k live timers.
func Consume(jobs <-chan func(), quit <-chan struct{}) {
	for {
		select {
		case job := <-jobs:
			job()
		case <-time.After(time.Minute):
			return
		case <-quit:
			return
		}
	}
}

// Heartbeat pings until the first failure.
// Bug: the ticker is never stopped; before Go 1.23 it is never collected either.
func Heartbeat(ping func() error) {
	ticker := time.NewTicker(10 * time.Second)
	for range ticker.C {
		if err := ping(); err != nil {
			return
		}
	}
}

// Fetch calls a backend with a deadline.
// Bug: cancel is dropped on the success path, so the context's timer lives until it fires
// (go vet lostcancel).
func Fetch(parent context.Context, client *http.Client, url string) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(parent, 3*time.Second)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		cancel()
		return nil, err
	}
	return client.Do(req)
}

var errTimeout = errors.New("timed out")

// Query runs slow with a deadline.
// Bug: results is unbuffered. After a timeout nobody receives, so the goroutine blocks on its
// send forever, along with everything it references. make(chan string, 1) fixes it.
func Query(slow func() string, timeout time.Duration) (string, error) {
	results := make(chan string)
	go func() {
		results <- slow()
	}()
	select {
	case r := <-results:
		return r, nil
	case <-time.After(timeout):
		return "", errTimeout
	}
}

// Upload reads the whole body into memory.
// Bug: no limit: one client can make the server allocate as much as it sends.
// http.MaxBytesReader or io.LimitReader bounds it.
func Upload(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Write([]byte(http.StatusText(len(data) % 600)))
}
