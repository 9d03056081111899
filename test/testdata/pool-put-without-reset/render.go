package poolreset

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var builderPool = sync.Pool{New: func() any { return new(strings.Builder) }}

type renderer struct {
	pool sync.Pool
}

// Written, then put back as is: the next Get sees "hello ...".
func greet(name string) string {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString("hello ")
	buf.WriteString(name)
	s := buf.String()
	bufPool.Put(buf) // want `buf goes back to bufPool without Reset\(\)`
	return s
}

// The deferred Put is the Put.
func greetDeferred(w io.Writer, name string) error {
	b := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(b) // want `b goes back to bufPool without Reset\(\)`
	fmt.Fprintf(b, "hello %s", name)
	_, err := w.Write(b.Bytes())
	return err
}

// A pool held in a struct field, and a strings.Builder.
func (r *renderer) join(parts []string) string {
	sb := r.pool.Get().(*strings.Builder)
	for _, part := range parts {
		sb.WriteString(part)
	}
	out := sb.String()
	r.pool.Put(sb) // want `sb goes back to r.pool without Reset\(\)`
	return out
}

// An early return puts the buffer back on one path without a reset.
func encode(values []int) string {
	buf := bufPool.Get().(*bytes.Buffer)
	for _, v := range values {
		if v < 0 {
			bufPool.Put(buf) // want `buf goes back to bufPool without Reset\(\)`
			return ""
		}
		fmt.Fprint(buf, v)
	}
	out := buf.String()
	buf.Reset()
	bufPool.Put(buf)
	return out
}

// A local pool is still a pool.
func local() int {
	pool := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	b := pool.Get().(*bytes.Buffer)
	b.WriteByte('x')
	n := b.Len()
	pool.Put(b) // want `b goes back to pool without Reset\(\)`
	return n
}

// Negative: reset right before Put.
func resetBeforePut(name string) string {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(name)
	s := buf.String()
	buf.Reset()
	bufPool.Put(buf)
	return s
}

// Negative: reset right after Get is the accepted idiom.
func resetAfterGet(name string) string {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	buf.WriteString(name)
	return buf.String()
}

// Negative: Truncate(0) empties the buffer too.
func truncated(name string) string {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(name)
	s := buf.String()
	buf.Truncate(0)
	bufPool.Put(buf)
	return s
}

// A deferred closure that resets before putting back: no stale contents, but a strings.Builder's
// Reset drops its buffer, so the pool recycles nothing (a note, not a warning).
func deferredClosure(name string) string {
	sb := builderPool.Get().(*strings.Builder)
	defer func() {
		sb.Reset()
		builderPool.Put(sb) // want `sb.Reset\(\) drops the strings.Builder's buffer \(it sets it to nil\), so putting sb back into builderPool recycles nothing`
	}()
	sb.WriteString(name)
	return sb.String()
}

// Negative: a buffer that was never written carries nothing stale.
func untouched() {
	buf := bufPool.Get().(*bytes.Buffer)
	if buf.Len() > 0 {
		buf.Reset()
	}
	bufPool.Put(buf)
}

// Negative: both branches reset.
func bothBranches(ok bool) string {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString("x")
	s := buf.String()
	if ok {
		buf.Reset()
	} else {
		buf.Truncate(0)
	}
	bufPool.Put(buf)
	return s
}

var textPool = sync.Pool{New: func() any { return new(strings.Builder) }}

// "Reset before Put" on a strings.Builder: correct, and useless; pool *bytes.Buffer instead.
func title(words []string) string {
	sb := textPool.Get().(*strings.Builder)
	for _, w := range words {
		sb.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	s := sb.String()
	sb.Reset()
	textPool.Put(sb) // want `^Pool \*bytes.Buffer values instead \(their Reset keeps the memory\), or use a local strings.Builder without a pool. sb.Reset\(\) drops the strings.Builder's buffer.*the next Get grows a new buffer from scratch`
	return s
}

// Without Reset the next Get sees old contents, and adding one would not make the pool pay off.
func caption(words []string) string {
	sb := textPool.Get().(*strings.Builder)
	sb.WriteString(strings.Join(words, " "))
	s := sb.String()
	textPool.Put(sb) // want `sb goes back to textPool without Reset\(\): the next Get receives its old contents. A Reset would not make the pool pay off either: it drops the strings.Builder's buffer.*pool \*bytes.Buffer values instead`
	return s
}

// Negative: the same shape with a bytes.Buffer, whose Reset keeps its memory for the next Get.
func captionBytes(words []string) string {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.WriteString(strings.Join(words, " "))
	s := buf.String()
	buf.Reset()
	bufPool.Put(buf)
	return s
}
