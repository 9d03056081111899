// Package guarded bounds every body in a middleware.
package guarded

import "net/http"

const maxBody = 1 << 20

// Limit wraps handlers so that no body is read past maxBody.
func Limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		next.ServeHTTP(w, r)
	})
}
