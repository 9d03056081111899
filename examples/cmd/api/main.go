// Command api wires the example handlers into a server, so `go build ./...` checks every
// example compiles together as a real program would.
package main

import (
	"context"
	"log"
	"net/http"

	"example.com/gomem-examples/handlers"
	"example.com/gomem-examples/lifetimes"
	"example.com/gomem-examples/pool"
)

type logStore struct{}

func (logStore) Record(ctx context.Context, path, userAgent string, body []byte) error {
	log.Printf("audit %s %q (%d bytes)", path, userAgent, len(body))
	return ctx.Err()
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/checksum", pool.ChecksumHandler)
	mux.HandleFunc("/echo", pool.EchoHandler)
	mux.HandleFunc("/upload", lifetimes.Upload)
	mux.Handle("/ingest", handlers.Ingest(logStore{}))
	mux.Handle("/hello", handlers.Audit(logStore{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pool.WriteJSON(w, http.StatusOK, map[string]string{"hello": r.URL.Query().Get("name")})
	})))
	log.Fatal(http.ListenAndServe("127.0.0.1:8081", mux))
}
