// Package speedtest measures throughput for users: its name ends in "test", but it doubles no
// package of its own, so it is not test code.
package speedtest

import (
	"io"
	"net/http"
)

// Upload reads the whole upload to time it: one large request is one large allocation.
func Upload(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body) // want `Upload reads the whole request body into memory`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Write([]byte{byte(len(body))})
}
