package branches

import (
	"bytes"
	"io"
	"net/http"
	"sync"
)

var scratch = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Profile: each case declares its own buf. Only the PUT case fills its buf from the body; the
// GET case's buf, a different variable of the same name, holds a short rendered page.
func Profile(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		buf := scratch.Get().(*bytes.Buffer)
		buf.Reset()
		defer scratch.Put(buf)
		buf.WriteString("name=" + r.URL.Query().Get("name"))
		w.Write(buf.Bytes())
	case http.MethodPut:
		buf := scratch.Get().(*bytes.Buffer)
		buf.Reset()
		defer scratch.Put(buf) // want `buf goes back to scratch with no capacity guard after io.Copy\(buf, r.Body\)`
		io.Copy(buf, r.Body)
	}
}

// Not a finding: the limit is set in the same branch as the copy, before it.
func Replace(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPut {
		buf := scratch.Get().(*bytes.Buffer)
		buf.Reset()
		defer scratch.Put(buf)
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		if _, err := io.Copy(buf, r.Body); err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
		}
	}
}

// The limit is set in a branch the copy is not in: a POST body is unbounded.
func Append(w http.ResponseWriter, r *http.Request) {
	buf := scratch.Get().(*bytes.Buffer)
	buf.Reset()
	if r.Method == http.MethodPut {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	}
	io.Copy(buf, r.Body)
	scratch.Put(buf) // want `buf goes back to scratch with no capacity guard after io.Copy\(buf, r.Body\)`
}
