// Package generic wraps sync.Pool in a generic type.
package generic

import (
	"bytes"
	"sync"
)

// Pool is a typed wrapper of sync.Pool.
type Pool[T any] struct {
	p sync.Pool
}

// Get takes a value from the wrapped pool.
func (q *Pool[T]) Get() (T, bool) {
	x, ok := q.p.Get().(T)
	return x, ok
}

// Put hands x to the wrapped pool: inside the wrapper, T is unknown, so nothing is reported here.
func (q *Pool[T]) Put(x T) { q.p.Put(x) }

// Stack keeps values in a slice: its Put never reaches a sync.Pool.
type Stack[T any] struct {
	items []T
}

// Put appends x.
func (s *Stack[T]) Put(x T) { s.items = append(s.items, x) }

var (
	lines   Pool[[]byte]
	buffers Pool[*bytes.Buffer]
	spare   Stack[[]byte]
)

func release(line []byte, buf *bytes.Buffer) {
	lines.Put(line) // want `line is a \[\]byte, not a pointer: Pool\[\[\]byte\].Put hands it to the sync.Pool in its field p`
	buffers.Put(buf)
	spare.Put(line)
}
