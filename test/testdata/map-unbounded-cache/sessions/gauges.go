package sessions

import (
	"encoding/json"
	"net/http"
	"sync"
)

type gauge struct{ value int64 }

var (
	gaugesMu sync.Mutex
	gauges   = map[string]*gauge{}
)

// Reporter takes gauge readings that clients upload.
type Reporter struct{}

// ServeHTTP creates a gauge for every name a client sends, and keeps it forever: a method is a
// request handler like a function.
func (p *Reporter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var readings map[string]int64
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&readings); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	gaugesMu.Lock()
	defer gaugesMu.Unlock()
	for name, value := range readings {
		g, ok := gauges[name]
		if !ok {
			g = &gauge{}
			gauges[name] = g // want `gauges only grows: a request handler inserts with a key that varies \(name\)`
		}
		g.value = value
	}
}

// --- Not findings ---

// units is filled by a package-level initialiser, once.
var units = func() map[string]int {
	m := map[string]int{}
	for i, name := range []string{"b", "kb", "mb"} {
		m[name] = i
	}
	return m
}()

// Unit reads the table from a method.
func (p *Reporter) Unit(name string) int { return units[name] }
