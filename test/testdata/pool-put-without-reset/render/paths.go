package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

var errEmpty = errors.New("empty")

// A switch whose branches differ: one puts the buffer back dirty.
func (e *Engine) Status(code int) string {
	buf := e.buffers.Get().(*bytes.Buffer)
	fmt.Fprintf(buf, "%d", code)
	s := buf.String()
	switch {
	case code >= 500:
		buf.Reset()
		e.buffers.Put(buf)
	case code >= 400:
		e.buffers.Put(buf) // want `buf goes back to e.buffers without Reset\(\)`
	default:
		buf.Truncate(0)
		e.buffers.Put(buf)
	}
	return s
}

// Every branch of the switch resets, including default: no stale contents, only the note that a
// reset strings.Builder leaves the pool nothing to recycle.
func (e *Engine) Kind(v any) string {
	sb := e.builders.Get().(*strings.Builder)
	fmt.Fprint(sb, v)
	s := sb.String()
	switch v.(type) {
	case string:
		sb.Reset()
	default:
		sb.Reset()
	}
	e.builders.Put(sb) // want `sb.Reset\(\) drops the strings.Builder's buffer`
	return s
}

// A switch without default may skip every reset.
func (e *Engine) Level(n int) string {
	sb := e.builders.Get().(*strings.Builder)
	fmt.Fprint(sb, n)
	s := sb.String()
	switch n {
	case 1:
		sb.Reset()
	case 2:
		sb.Reset()
	}
	e.builders.Put(sb) // want `sb goes back to e.builders without Reset\(\)`
	return s
}

// Loops with continue: each iteration takes its own buffer.
func Lines(items []string) []string {
	var out []string
	for _, item := range items {
		buf := pagePool.Get().(*bytes.Buffer)
		if item == "" {
			pagePool.Put(buf) // untouched: nothing stale
			continue
		}
		buf.WriteString(item)
		if strings.HasPrefix(item, "#") {
			pagePool.Put(buf) // want `buf goes back to pagePool without Reset\(\)`
			continue
		}
		out = append(out, buf.String())
		buf.Reset()
		pagePool.Put(buf)
	}
	return out
}

// An early return before the reset leaves the deferred Put dirty.
func Title(w io.Writer, name string) error {
	buf := pagePool.Get().(*bytes.Buffer)
	defer pagePool.Put(buf) // want `buf goes back to pagePool without Reset\(\)`
	buf.WriteString(name)
	if name == "" {
		return errEmpty
	}
	_, err := w.Write(buf.Bytes())
	buf.Reset()
	return err
}

// Negative: the early return comes after the reset.
func Heading(w io.Writer, name string) error {
	buf := pagePool.Get().(*bytes.Buffer)
	buf.Reset()
	defer pagePool.Put(buf)
	if name == "" {
		return errEmpty
	}
	buf.WriteString(name)
	_, err := w.Write(buf.Bytes())
	return err
}

// Negative: every way out resets; the function ends in an if/else that returns on both sides.
func Footer(w io.Writer, n int) error {
	buf := pagePool.Get().(*bytes.Buffer)
	defer pagePool.Put(buf)
	fmt.Fprint(buf, n)
	if n > 0 {
		_, err := w.Write(buf.Bytes())
		buf.Reset()
		return err
	} else {
		buf.Reset()
		return errEmpty
	}
}

// Negative: a helper closure that resets, called before the Put.
func Cell(v int) string {
	b := pagePool.Get().(*bytes.Buffer)
	reset := func() { b.Reset() }
	fmt.Fprint(b, v)
	s := b.String()
	reset()
	pagePool.Put(b)
	return s
}

// Negative: a deferred reset closure registered after the deferred Put runs first.
func Row(cells []string) string {
	b := pagePool.Get().(*bytes.Buffer)
	defer pagePool.Put(b)
	defer func() { b.Reset() }()
	for _, c := range cells {
		b.WriteString(c)
	}
	return b.String()
}

// Negative: a release closure that puts back, called after the reset.
func Column(cells []string) string {
	b := pagePool.Get().(*bytes.Buffer)
	release := func() { pagePool.Put(b) }
	for _, c := range cells {
		b.WriteString(c)
	}
	s := b.String()
	b.Reset()
	release()
	return s
}

// A release closure called while the buffer is still dirty.
func Table(cells []string) string {
	b := pagePool.Get().(*bytes.Buffer)
	release := func() {
		pagePool.Put(b) // want `b goes back to pagePool without Reset\(\)`
	}
	for _, c := range cells {
		b.WriteString(c)
	}
	s := b.String()
	release()
	return s
}

// Negative: a package helper (in another file) resets the buffer.
func Link(href string) string {
	b := pagePool.Get().(*bytes.Buffer)
	b.WriteString(href)
	s := b.String()
	resetBuffer(b)
	pagePool.Put(b)
	return s
}

// Negative: the helper that resets and puts; and the helper that only puts is silent on its own.
func Image(src string) string {
	b := pagePool.Get().(*bytes.Buffer)
	b.WriteString(src)
	s := b.String()
	putBuffer(b)
	return s
}

// Negative: the comma-ok form with a reset after Get.
func Anchor(name string) string {
	b, ok := pagePool.Get().(*bytes.Buffer)
	if !ok {
		b = new(bytes.Buffer)
	}
	b.Reset()
	b.WriteString(name)
	s := b.String()
	pagePool.Put(b)
	return s
}

// The comma-ok form is still a Get.
func Span(name string) string {
	b, ok := pagePool.Get().(*bytes.Buffer)
	if !ok {
		return name
	}
	b.WriteString(name)
	s := b.String()
	pagePool.Put(b) // want `b goes back to pagePool without Reset\(\)`
	return s
}

// Negative: Grow only reserves room; the buffer holds nothing stale.
func Reserve(n int) {
	b := pagePool.Get().(*bytes.Buffer)
	b.Grow(n)
	pagePool.Put(b)
}

// Negative: WriteTo drains the buffer, and a drained bytes.Buffer resets itself.
func Flush(w io.Writer, s string) error {
	b := pagePool.Get().(*bytes.Buffer)
	b.WriteString(s)
	_, err := b.WriteTo(w)
	pagePool.Put(b)
	return err
}

// Negative: the function ends in a switch whose branches all return after a reset.
func Badge(w io.Writer, n int) error {
	b := pagePool.Get().(*bytes.Buffer)
	defer pagePool.Put(b)
	fmt.Fprint(b, n)
	switch {
	case n > 0:
		_, err := w.Write(b.Bytes())
		b.Reset()
		return err
	default:
		b.Reset()
		panic("negative badge")
	}
}

// Negative: an endless loop that leaves only through a return after a reset.
func Drain(lines <-chan string) string {
	b := pagePool.Get().(*bytes.Buffer)
	defer pagePool.Put(b)
	for {
		line, ok := <-lines
		if !ok {
			s := b.String()
			b.Reset()
			return s
		}
		b.WriteString(line)
	}
}

// The endless loop has a way out that skips the reset.
func Collect(lines <-chan string) string {
	b := pagePool.Get().(*bytes.Buffer)
	defer pagePool.Put(b) // want `b goes back to pagePool without Reset\(\)`
	for {
		line, ok := <-lines
		if !ok {
			return b.String()
		}
		b.WriteString(line)
	}
}
