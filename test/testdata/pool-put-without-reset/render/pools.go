// Package render builds pages; its pools live here and are used from the other files.
package render

import (
	"bytes"
	"strings"
	"sync"
)

var pagePool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Engine renders with pools it owns.
type Engine struct {
	buffers  *sync.Pool
	builders *sync.Pool
}

// NewEngine wires the pools.
func NewEngine() *Engine {
	return &Engine{
		buffers:  &sync.Pool{New: func() any { return new(bytes.Buffer) }},
		builders: &sync.Pool{New: func() any { return new(strings.Builder) }},
	}
}

// resetBuffer empties a buffer; callers use it before putting buffers back.
func resetBuffer(b *bytes.Buffer) {
	b.Reset()
}

// putBuffer resets and returns a buffer: a helper that resets is fine.
func putBuffer(b *bytes.Buffer) {
	b.Reset()
	pagePool.Put(b)
}

// release puts a buffer it did not take: whether it is clean is its callers' business.
func release(b *bytes.Buffer) {
	pagePool.Put(b)
}
