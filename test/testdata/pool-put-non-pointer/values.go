package poolnonpointer

import (
	"bytes"
	"strings"
	"sync"
	"unsafe"
)

type encoder struct {
	pool    sync.Pool
	scratch *sync.Pool
}

type tokens []string

type point struct{ x, y float64 }

type node struct{ next *node }

var namePool sync.Pool

var tokenPool = &sync.Pool{
	New: func() interface{} { return tokens(nil) },
}

var linePool = sync.Pool{New: func() any { return []byte{} }}

var framePool sync.Pool

// A string, a literal and a number are values.
func names(first string) {
	namePool.Put(first) // want `first is a string, not a pointer`

	namePool.Put("fixed")   // want `"fixed" is a string, not a pointer`
	namePool.Put(42)        // want `42 is a number, not a pointer`
	namePool.Put(int64(7))  // want `int64\(7\) is an int64, not a pointer`
	namePool.Put(uint32(7)) // want `uint32\(7\) is a uint32, not a pointer`

	// The standard library's common results are known: strings.Repeat gives a string.
	namePool.Put(strings.Repeat("x", 3)) // want `strings.Repeat\("x", 3\) is a string, not a pointer`
}

// A named slice type through a pointer-declared pool; the Get is rewritten too.
func split(s string) int {
	t := tokenPool.Get().(tokens)
	t = append(t[:0], strings.Fields(s)...)
	n := len(t)
	tokenPool.Put(t[:0]) // want `t\[:0\] is a tokens, not a pointer`
	return n
}

// Fields of type sync.Pool and *sync.Pool, composite literals and conversions.
func (e *encoder) flush(p point) {
	e.pool.Put(p)                    // want `p is a point, not a pointer`
	e.scratch.Put(point{1, 2})       // want `point\{1, 2\} is a point, not a pointer`
	e.scratch.Put([]byte("literal")) // want `\[\]byte\("literal"\) is a \[\]byte, not a pointer`
}

// The Put is deferred: the pointer taken at Get goes back.
func line(parts ...string) string {
	b := linePool.Get().([]byte)
	defer linePool.Put(b) // want `b is a \[\]byte, not a pointer`
	for _, part := range parts {
		b = append(b, part...)
	}
	return string(b)
}

// Negative: pointers, and pointer-shaped values that fit in an interface as they are.
func pointers(buf *bytes.Buffer, m map[string]int, ch chan int, f func(), p unsafe.Pointer, n *node) {
	namePool.Put(buf)
	namePool.Put(&point{})
	namePool.Put(new(point))
	namePool.Put(m)
	namePool.Put(ch)
	namePool.Put(f)
	framePool.Put(p)
	framePool.Put(*n)
	framePool.Put(node{})
	framePool.Put(nil)
	var anything interface{} = 1
	namePool.Put(anything)
}

type cache struct{}

// Put on something that is not a sync.Pool.
func (cache) Put(b []byte) {}

// Negative: other types' Put methods.
func notPools(c cache, b []byte) {
	c.Put(b)
	var local cache
	local.Put(b)
}

// A pool local to a function.
func local(words []string) int {
	pool := sync.Pool{New: func() any { return make([]int, 0, 8) }}
	total := 0
	for _, w := range words {
		counts := pool.Get().([]int)
		counts = append(counts[:0], len(w))
		total += counts[0]
		pool.Put(counts) // want `counts is a \[\]int, not a pointer`
	}
	return total
}
