// Package cases reads the body in several cases of one switch.
package cases

import (
	"bytes"
	"encoding/hex"
	"io"
	"net/http"
)

// Inspect reads the body in either case: the first case puts an in-memory copy back into
// r.Body, which does not bound the read of the other case, a path that never runs it.
func Inspect(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Query().Get("as") {
	case "raw":
		data, _ := io.ReadAll(r.Body) // want `Inspect reads the whole request body into memory \(io.ReadAll\)`
		r.Body = io.NopCloser(bytes.NewReader(data))
		w.Write(data)
	case "hex":
		data, _ := io.ReadAll(r.Body) // want `Inspect reads the whole request body into memory \(io.ReadAll\)`
		w.Write([]byte(hex.EncodeToString(data)))
	}
}
