// Package sessions keeps per-request state in package-level maps.
package sessions

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

var (
	mu       sync.Mutex
	lastSeen = map[string]time.Time{}
	visits   = make(map[string]int)
	tokens   sync.Map
)

// Track remembers when each client was last seen: one entry per address, forever.
func Track(w http.ResponseWriter, r *http.Request) {
	mu.Lock()
	lastSeen[r.RemoteAddr] = time.Now() // want `lastSeen only grows: a request handler inserts with a key that varies \(r.RemoteAddr\), and nothing in the package deletes from lastSeen, clears or replaces it`
	mu.Unlock()
}

// Count counts words across every document that arrives, for as long as the program runs.
func Count(docs <-chan string) {
	for doc := range docs {
		for _, word := range strings.Fields(doc) {
			visits[word] = visits[word] + 1 // want `visits only grows: a loop over input inserts with a key that varies \(word\)`
		}
	}
}

// Issue stores a token per request in a sync.Map that is never pruned.
func Issue(w http.ResponseWriter, r *http.Request) {
	tokens.Store(r.Header.Get("X-Request-Id"), time.Now()) // want `tokens only grows`
}

// --- Not findings ---

var (
	byStatus = map[int]string{}
	limited  = map[string]int{}
	pruned   = map[string]time.Time{}
	swapped  = map[string]int{}
	seeded   = map[string]int{}
)

const (
	statusOK   = 200
	statusGone = 410
)

func init() {
	for _, code := range []int{statusOK, statusGone} {
		seeded[http.StatusText(code)] = code
	}
}

// Constants fills the map from constants: a fixed set of keys.
func Constants(w http.ResponseWriter, r *http.Request) {
	byStatus[statusOK] = "ok"
	byStatus[statusGone] = "gone"
}

// Capped checks the size before inserting.
func Capped(w http.ResponseWriter, r *http.Request) {
	if len(limited) >= 1000 {
		return
	}
	limited[r.URL.Path]++
	limited[r.URL.Path] = 1
}

// Pruned is swept elsewhere in the package.
func Pruned(w http.ResponseWriter, r *http.Request) {
	pruned[r.RemoteAddr] = time.Now()
}

// Reset replaces the whole map.
func Reset(keys []string) {
	for _, key := range keys {
		swapped[key] = len(key)
	}
}

// Setup runs once: its inserts are not driven by requests or loops.
func Setup(name string) {
	seeded[name] = 1
}

var extensions = map[string]string{}

// Table fills a map once from a list: a bounded set, not a cache.
func Table(pairs [][2]string) {
	for _, pair := range pairs {
		extensions[pair[0]] = pair[1]
	}
}

// Local maps die with their function.
func Local(keys []string) map[string]bool {
	seen := map[string]bool{}
	for _, key := range keys {
		seen[key] = true
	}
	return seen
}
