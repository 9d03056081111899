package handlers

import (
	"context"
	"log"
	"net/http"
	"sync"
	"time"
)

// Record is one audited request.
type Record struct {
	Path   string
	Method string
	At     time.Time
}

// Store persists audit records.
type Store interface {
	Save(ctx context.Context, rec Record) error
}

// Server serves the API and audits every request in the background.
type Server struct {
	store Store
	mu    sync.Mutex
	hits  map[string]int
}

func (s *Server) audit(ctx context.Context, rec Record) {
	if err := s.store.Save(ctx, rec); err != nil {
		log.Printf("audit %s: %v", rec.Path, err)
	}
}

func (s *Server) countHit(path string) {
	s.mu.Lock()
	s.hits[path]++
	s.mu.Unlock()
}

func (s *Server) refresh(ctx context.Context) {
	_ = s.store.Save(ctx, Record{})
}

func process(r *http.Request) {
	log.Println(r.URL.Path)
}

// clampWorkers uses the min builtin: this module targets Go 1.21, so the Go 1.19 on the
// test machine cannot build or vet it (its fixed goldens are still checked by gofmt).
func clampWorkers(n int) int {
	return min(n, 8)
}
