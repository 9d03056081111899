// Package mirror already bounds its pooled buffers: the fix reuses that limit.
package mirror

import (
	"bytes"
	"io"
	"net/http"
	"sync"
)

const (
	// maxRetries and poolShards are a limit and a pool size, not buffer sizes; maxPooledItems is
	// typed int64, so Cap() cannot compare with it.
	maxRetries           = 3
	poolShards           = 8
	maxPooledItems int64 = 1 << 10
	// maxPooledBody is the largest body buffer kept for reuse.
	maxPooledBody = 64 << 10
)

var mirrorPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Mirror copies a response body back to the client through a pooled buffer.
func Mirror(w http.ResponseWriter, upstream *http.Response) error {
	buf := mirrorPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer mirrorPool.Put(buf) // want `buf goes back to mirrorPool with no capacity guard after io.Copy\(buf, upstream.Body\)`
	if _, err := io.Copy(buf, upstream.Body); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Guarded is the fixed shape: silent.
func Guarded(w http.ResponseWriter, upstream *http.Response) error {
	buf := mirrorPool.Get().(*bytes.Buffer)
	buf.Reset()
	if _, err := io.Copy(buf, upstream.Body); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	if buf.Cap() <= maxPooledBody {
		mirrorPool.Put(buf)
	}
	return err
}
