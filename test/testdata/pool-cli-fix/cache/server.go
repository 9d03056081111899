package cache

import (
	"bytes"
	"io"
	"net/http"
	"sync"
)

// Server keeps uploaded blobs in memory.
type Server struct {
	mu    sync.Mutex
	blobs map[string][]byte
}

// ServeHTTP stores the request body under the request path.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	buf := bodyPool.Get().(*bytes.Buffer)
	if _, err := io.Copy(buf, r.Body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.blobs[r.URL.Path] = append([]byte(nil), buf.Bytes()...)
	s.mu.Unlock()
	bodyPool.Put(buf)
}

// describe formats a short description.
func describe(name string, size int) string {
	buf := bodyPool.Get().(*bytes.Buffer)
	defer bodyPool.Put(buf)
	buf.WriteString(name)
	buf.WriteString(": ")
	buf.WriteString(http.StatusText(size))
	return buf.String()
}

// Restore reads a blob back from a backup stream.
func (s *Server) Restore(name string, r io.Reader) error {
	buf := bodyPool.Get().(*bytes.Buffer)
	buf.Reset()
	if _, err := buf.ReadFrom(r); err != nil {
		return err
	}
	s.mu.Lock()
	s.blobs[name] = append([]byte(nil), buf.Bytes()...)
	s.mu.Unlock()
	bodyPool.Put(buf)
	return nil
}
