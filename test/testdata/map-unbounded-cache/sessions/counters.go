package sessions

import "net/http"

// Declared on one line, in a file of its own: the handlers that fill them live elsewhere.
var hitsByPath, bytesByPath = map[string]int{}, map[string]int64{}

// CountHit counts requests per path: any path a client invents becomes a key, forever.
func CountHit(w http.ResponseWriter, r *http.Request) {
	hitsByPath[r.URL.Path]++ // want `hitsByPath only grows: a request handler inserts with a key that varies \(r.URL.Path\)`
}

// CountBytes adds up what each path sent.
func CountBytes(w http.ResponseWriter, r *http.Request) {
	bytesByPath[r.URL.Path] += r.ContentLength // want `bytesByPath only grows`
}

// --- Not findings ---

// CountLocal counts into a map that lives for one request.
func CountLocal(w http.ResponseWriter, r *http.Request) {
	hitsByPath := map[string]int{}
	hitsByPath[r.URL.Path]++
	_ = hitsByPath
}
