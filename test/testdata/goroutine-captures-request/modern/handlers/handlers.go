package handlers

import (
	"context"
	"io"
	"log"
	"net/http"
	"sync"
	"time"

	"example.com/modern/internal/errgroup"
)

func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/hit", func(w http.ResponseWriter, r *http.Request) {
		go func() {
			s.countHit(r.URL.Path) // want `The goroutine uses r.URL.Path of request r: the \*http.Request with its headers and body stays reachable`
			log.Printf("hit %s from %s (%s)", r.URL.Path, r.RemoteAddr, r.Header.Get("X-Request-ID"))
		}()
		w.WriteHeader(http.StatusNoContent)
	})
}

// ServeHTTP audits in the background with the request's context: cancelled when it returns.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := Record{Path: r.URL.Path, Method: r.Method, At: time.Now()}
	go s.audit(r.Context(), rec) // want `The goroutine receives r.Context\(\), a context of request r: the server cancels it when the handler returns`
	io.WriteString(w, "ok")
}

func (s *Server) save(w http.ResponseWriter, r *http.Request) {
	rec := Record{Path: r.URL.Path, Method: r.Method, At: time.Now()}
	go func() {
		if err := s.store.Save(r.Context(), rec); err != nil { // want `The goroutine uses r.Context\(\), a context of request r`
			log.Printf("save %s: %v", r.URL.Query().Get("id"), err)
		}
	}()
	w.WriteHeader(http.StatusAccepted)
}

// A context derived from the request is cancelled with it.
func (s *Server) warm(w http.ResponseWriter, req *http.Request) {
	ctx, cancel := context.WithTimeout(req.Context(), 5*time.Second)
	defer cancel()
	go s.refresh(ctx) // want `The goroutine receives ctx, a context of request req`
	w.WriteHeader(http.StatusOK)
}

// The whole request escapes: no mechanical fix.
func logAsync(w http.ResponseWriter, r *http.Request) {
	go process(r) // want `The goroutine receives request r: the \*http.Request`
	w.WriteHeader(http.StatusOK)
}

// The body is closed by the server when the handler returns.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	go func() {
		n, err := io.Copy(io.Discard, r.Body) // want `The goroutine uses r.Body of request r, which the server closes when the handler returns`
		log.Printf("drained %d bytes: %v", n, err)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Not a finding: the handler waits for the goroutines.
func (s *Server) fanOut(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	for i := 0; i < clampWorkers(4); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.audit(r.Context(), Record{Path: r.URL.Path})
		}()
	}
	wg.Wait()
	w.WriteHeader(http.StatusOK)
}

// Not a finding: the handler receives the goroutine's result before returning.
func (s *Server) lookup(w http.ResponseWriter, r *http.Request) {
	result := make(chan error, 1)
	go func() {
		result <- s.store.Save(r.Context(), Record{Path: r.URL.Path})
	}()
	if err := <-result; err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// Not a finding: errgroup.Group.Wait joins everything started with Go.
func (s *Server) batch(w http.ResponseWriter, r *http.Request) {
	var g errgroup.Group
	for _, path := range []string{"/a", "/b"} {
		path := path
		g.Go(func() error { return s.store.Save(r.Context(), Record{Path: path}) })
	}
	if err := g.Wait(); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
	}
}

// Not a finding: the goroutine only uses values copied before go.
func (s *Server) copied(w http.ResponseWriter, r *http.Request) {
	path, method := r.URL.Path, r.Method
	ctx := context.WithoutCancel(r.Context())
	go func() {
		s.audit(ctx, Record{Path: path, Method: method, At: time.Now()})
	}()
	go s.countHit(r.URL.Path)
	go s.audit(context.WithoutCancel(r.Context()), Record{Path: path})
	w.WriteHeader(http.StatusAccepted)
}

// Not a finding: the literal's own parameter named r is not the request.
func (s *Server) shadowed(w http.ResponseWriter, r *http.Request) {
	rec := Record{Path: r.URL.Path}
	go func(r Record) {
		s.audit(context.Background(), r)
	}(rec)
}

// Not a finding: no request in sight.
func (s *Server) Start(ctx context.Context) {
	go s.refresh(ctx)
	go func() {
		log.Println("started")
	}()
}
