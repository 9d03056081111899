// Package api serves uploads.
package api

import (
	"bytes"
	"encoding/json"
	"io"
	"io/ioutil"
	"net/http"
)

// Item is one stored thing.
type Item struct {
	Name string `json:"name"`
}

// Upload reads the whole body into memory.
func Upload(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(r.Body) // want `Upload reads the whole request body into memory \(io.ReadAll\) with no http.MaxBytesReader or io.LimitReader on r.Body first`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Write(data)
}

// Legacy uses ioutil.
func Legacy(w http.ResponseWriter, req *http.Request) {
	data, _ := ioutil.ReadAll(req.Body) // want `Legacy reads the whole request body into memory \(ioutil.ReadAll\)`
	w.Write(data)
}

// Create decodes JSON straight from the body.
func Create(w http.ResponseWriter, r *http.Request) {
	var item Item
	if err := json.NewDecoder(r.Body).Decode(&item); err != nil { // want `json.NewDecoder\(...\).Decode`
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

// Buffer copies the body into a bytes.Buffer.
func Buffer(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r.Body); err != nil { // want `io.Copy into a buffer`
		return
	}
	w.Write(buf.Bytes())
}

// ReadFrom fills a buffer from the body.
func ReadFrom(w http.ResponseWriter, r *http.Request) {
	buf := new(bytes.Buffer)
	buf.ReadFrom(r.Body) // want `buf.ReadFrom`
	w.Write(buf.Bytes())
}

// Conditional bounds the body only when a limit is configured: no bound otherwise.
func Conditional(limit int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if limit > 0 {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		data, _ := io.ReadAll(r.Body) // want `this handler reads the whole request body into memory`
		w.Write(data)
	}
}

// Bounded wraps the body first: not a finding.
func Bounded(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	data, _ := io.ReadAll(r.Body)
	w.Write(data)
}

// Limited reads through an io.LimitReader: not a finding.
func Limited(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	w.Write(data)
}

// Streamed copies the body to the response, not into memory: not a finding.
func Streamed(w http.ResponseWriter, r *http.Request) {
	io.Copy(w, r.Body)
}

// Fetch reads a response body, not a request's: not a finding.
func Fetch(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}
