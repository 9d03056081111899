// Package poolunbounded relays bodies through pooled buffers; it has no size limit yet.
package poolunbounded

import (
	"bytes"
	"io"
	"net/http"
	"sync"
)

var relayPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// relay buffers the whole upstream response before answering.
func relay(w http.ResponseWriter, upstream *http.Response) error {
	buf := relayPool.Get().(*bytes.Buffer)
	buf.Reset()
	if _, err := io.Copy(buf, upstream.Body); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	relayPool.Put(buf) // want `buf goes back to relayPool with no capacity guard after io.Copy\(buf, upstream.Body\)`
	return err
}

// Negative: only bounded data goes in.
func greeting(w io.Writer, name string) error {
	buf := relayPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer relayPool.Put(buf)
	buf.WriteString("hello, ")
	buf.WriteString(name)
	_, err := buf.WriteTo(w)
	return err
}
