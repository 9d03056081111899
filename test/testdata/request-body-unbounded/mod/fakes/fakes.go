// Package fakes serves canned answers to the tests of other packages.
package fakes

import (
	"io"
	"net/http"
	"net/http/httptest"
)

// Not a finding: a fake server for tests reads whatever its own test sends.
func NewEcho() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Write(body)
	}))
}
