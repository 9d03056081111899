// Package helpers fills pooled buffers through a helper of its own, and limits readers only on
// some paths.
package helpers

import (
	"bytes"
	"io"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// fill copies everything r has into buf.
func fill(buf *bytes.Buffer, r io.Reader) error {
	_, err := io.Copy(buf, r)
	return err
}

// Checksum fills the pooled buffer through fill: as unbounded as io.Copy itself.
func Checksum(r io.Reader) (int, error) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	if err := fill(buf, r); err != nil {
		return 0, err
	}
	n := buf.Len()
	bufPool.Put(buf) // want `buf goes back to bufPool with no capacity guard after fill\(buf, r\) \(which does io.Copy\(buf, r\) in fill\)`
	return n, nil
}

// Limited hands fill a reader that is always limited: silent.
func Limited(r io.Reader) (int, error) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	if err := fill(buf, io.LimitReader(r, 1<<20)); err != nil {
		return 0, err
	}
	n := buf.Len()
	bufPool.Put(buf)
	return n, nil
}

// MaybeLimited limits r only when max is positive: no bound at all when it is not.
func MaybeLimited(r io.Reader, max int64) (int, error) {
	if max > 0 {
		r = io.LimitReader(r, max)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	if _, err := io.Copy(buf, r); err != nil {
		return 0, err
	}
	n := buf.Len()
	bufPool.Put(buf) // want `buf goes back to bufPool with no capacity guard after io.Copy\(buf, r\)`
	return n, nil
}

// AlwaysLimited reassigns r to a limited reader on every path: silent.
func AlwaysLimited(r io.Reader, max int64) (int, error) {
	r = io.LimitReader(r, max)
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	if _, err := io.Copy(buf, r); err != nil {
		return 0, err
	}
	n := buf.Len()
	bufPool.Put(buf)
	return n, nil
}
