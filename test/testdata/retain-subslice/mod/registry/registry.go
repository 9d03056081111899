// Package registry keeps routes and sessions for a long-running proxy.
package registry

import "sync"

// Route is where requests for a name go.
type Route struct {
	Target string
	Weight string
}

// routes lives for the whole process; load.go fills it.
var routes = map[string]Route{}

// Server is created once at start-up and serves every request.
type Server struct {
	mu       sync.Mutex
	lastUser []byte
	tokens   map[string][]byte
}
