package handlers

import (
	"log"
	"net/http"
)

// This file does not import "context" yet: the fix adds it.
func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	go func() {
		if err := s.store.Save(r.Context(), Record{Path: r.URL.Path}); err != nil { // want `The goroutine uses r.Context\(\), a context of request r`
			log.Println(err)
		}
	}()
	w.WriteHeader(http.StatusAccepted)
}
