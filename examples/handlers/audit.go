// Package handlers serves the API. Some handlers start goroutines that keep using the request
// after the handler has returned.
package handlers

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"sync"
	"time"
)

// AuditStore persists audit events; Record can take a while.
type AuditStore interface {
	Record(ctx context.Context, path, userAgent string, body []byte) error
}

// Audit records each request in the background so the response is not delayed.
// Bug: the goroutine captures r. r.Context() is cancelled as soon as the handler returns, so
// Record usually fails, and r (headers, body, TLS state) stays reachable until it does.
func Audit(store AuditStore, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		go func() {
			if err := store.Record(r.Context(), r.URL.Path, r.UserAgent(), nil); err != nil {
				log.Printf("audit %s: %v", r.URL.Path, err)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Ingest accepts an event and processes it asynchronously.
// Bug: the server closes r.Body once Ingest returns; the goroutine reads a closed body.
func Ingest(store AuditStore) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		go func() {
			body, err := io.ReadAll(r.Body)
			if err != nil {
				log.Printf("ingest: %v", err)
				return
			}
			_ = store.Record(context.Background(), r.URL.Path, "", body)
		}()
		w.WriteHeader(http.StatusAccepted)
	}
}

// Notify hands the request's context to a background sender.
// Bug: ctx is the request's context; it is cancelled when the handler returns.
func Notify(send func(ctx context.Context, user string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		user := r.URL.Query().Get("user")
		go send(ctx, user)
		w.WriteHeader(http.StatusAccepted)
	}
}

// Lookup fans out to two backends and waits for both before answering: joined goroutines
// may use the request freely.
func Lookup(backends [2]func(ctx context.Context, id string) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.URL.Query().Get("id")
		var wg sync.WaitGroup
		results := make([]any, len(backends))
		for i, fetch := range backends {
			i, fetch := i, fetch
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], _ = fetch(r.Context(), id)
			}()
		}
		wg.Wait()
		json.NewEncoder(w).Encode(results)
	}
}

// AuditCopied is the fix for Audit: copy what the goroutine needs, give it its own context.
func AuditCopied(store AuditStore, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path, agent := r.URL.Path, r.UserAgent()
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := store.Record(ctx, path, agent, nil); err != nil {
				log.Printf("audit %s: %v", path, err)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
