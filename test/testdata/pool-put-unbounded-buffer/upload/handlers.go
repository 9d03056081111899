package upload

import (
	"bytes"
	"io"
	"io/ioutil"
	"net/http"
	"strings"
)

// Save copies the request body into a pooled buffer.
func (s *Store) Save(w http.ResponseWriter, r *http.Request) {
	buf := s.pool.Get().(*bytes.Buffer)
	buf.Reset()
	defer s.pool.Put(buf) // want `buf goes back to s.pool with no capacity guard after buf.ReadFrom\(r.Body\)`
	if _, err := buf.ReadFrom(r.Body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.data[r.URL.Path] = append([]byte(nil), buf.Bytes()...)
}

// Echo writes what io.ReadAll returned into the buffer.
func Echo(w http.ResponseWriter, r *http.Request) {
	data, err := ioutil.ReadAll(r.Body)
	if err != nil {
		return
	}
	buf := bodyPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.Write(data)
	w.Write(buf.Bytes())
	bodyPool.Put(buf) // want `buf goes back to bodyPool with no capacity guard after buf.Write\(data\) of an io.ReadAll result`
}

// forward writes a message body that the peer sized.
func forward(w io.Writer, m *message) error {
	buf := bodyPool.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		bodyPool.Put(buf) // want `buf goes back to bodyPool with no capacity guard after buf.Write\(m.Body\)`
	}()
	buf.WriteString(m.ID)
	buf.Write(m.Body)
	_, err := w.Write(buf.Bytes())
	return err
}

// lowercase reads a whole reader into a pooled builder.
func lowercase(r io.Reader) (string, error) {
	sb := textPool.Get().(*strings.Builder)
	sb.Reset()
	if _, err := io.Copy(sb, r); err != nil {
		textPool.Put(sb) // want `sb goes back to textPool with no capacity guard after io.Copy\(sb, r\)`
		return "", err
	}
	out := strings.ToLower(sb.String())
	if sb.Cap() <= maxPooledBufferSize {
		textPool.Put(sb)
	}
	return out, nil
}

// Negative: the Put is under a capacity guard.
func guarded(r *http.Request) int {
	buf := bodyPool.Get().(*bytes.Buffer)
	buf.Reset()
	io.Copy(buf, r.Body)
	n := buf.Len()
	if buf.Cap() <= maxPooledBufferSize {
		bodyPool.Put(buf)
	}
	return n
}

// Negative: oversized buffers are dropped before the Put.
func dropLarge(r *http.Request) int {
	buf := bodyPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.ReadFrom(r.Body)
	n := buf.Len()
	if buf.Len() > maxPooledBufferSize {
		return n
	}
	bodyPool.Put(buf)
	return n
}

// Negative: the reader is limited first.
func limited(w http.ResponseWriter, r *http.Request) int {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	buf := bodyPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bodyPool.Put(buf)
	buf.ReadFrom(r.Body)
	return buf.Len()
}

// Negative: io.LimitReader and io.CopyN bound the copy.
func prefix(r io.Reader) string {
	buf := bodyPool.Get().(*bytes.Buffer)
	buf.Reset()
	io.Copy(buf, io.LimitReader(r, 512))
	io.CopyN(buf, r, 512)
	s := buf.String()
	bodyPool.Put(buf)
	return s
}

// Negative: a size switch decides about the Put.
func classify(r io.Reader) string {
	buf := bodyPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.ReadFrom(r)
	s := buf.String()
	switch {
	case buf.Cap() > maxPooledBufferSize:
	default:
		bodyPool.Put(buf)
	}
	return s
}

// Negative: a strings.Builder reset after the copy holds no memory in the pool (its Reset drops
// the buffer), however much the reader delivered.
func lowercaseReset(r io.Reader) (string, error) {
	sb := textPool.Get().(*strings.Builder)
	_, err := io.Copy(sb, r)
	out := strings.ToLower(sb.String())
	sb.Reset()
	textPool.Put(sb)
	return out, err
}

// A strings.Builder put back dirty pins what the reader delivered: a bytes.Buffer pool, which can
// recycle memory, is the one to guard by capacity.
func uppercase(r io.Reader) string {
	sb := textPool.Get().(*strings.Builder)
	io.Copy(sb, r)
	out := strings.ToUpper(sb.String())
	textPool.Put(sb) // want `sb goes back to textPool with no capacity guard after io.Copy\(sb, r\).*pool \*bytes.Buffer values instead and put one back only if its Cap\(\) is at most a limit you choose \(a strings.Builder recycles nothing once reset`
	return out
}
