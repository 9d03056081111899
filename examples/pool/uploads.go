package pool

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"sync"
)

var bodyPool = sync.Pool{
	New: func() any { return new(bytes.Buffer) },
}

// ChecksumHandler hashes whatever the client uploads.
// Bug: Reset keeps the capacity. One 2 GB upload leaves a 2 GB buffer in the pool of every P
// that served it, for the life of the process (golang/go#23199). Guard with buf.Cap() before Put.
func ChecksumHandler(w http.ResponseWriter, r *http.Request) {
	buf := bodyPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bodyPool.Put(buf)

	if _, err := io.Copy(buf, r.Body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	sum := sha256.Sum256(buf.Bytes())
	io.WriteString(w, hex.EncodeToString(sum[:]))
}

const maxPooledBody = 64 << 10

// EchoHandler is the bounded version: large buffers are dropped for the GC instead of pooled.
func EchoHandler(w http.ResponseWriter, r *http.Request) {
	buf := bodyPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledBody {
			bodyPool.Put(buf)
		}
	}()
	if _, err := buf.ReadFrom(io.LimitReader(r.Body, 1<<20)); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Write(buf.Bytes())
}
