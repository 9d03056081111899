// Package chunks keeps byte chunks in pools declared in one file and used in another.
package chunks

import "sync"

const chunkSize = 4096

// chunkPool hands out chunks of chunkSize bytes.
var chunkPool = sync.Pool{
	New: func() any {
		return make([]byte, chunkSize)
	},
}

// scratchPool is only ever used as *[]byte: not a finding anywhere.
var scratchPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// sizedPools has one pool per size class; indexing keeps the fix out of reach.
var sizedPools [3]sync.Pool

// A message in flight.
type message struct {
	id   int
	body []byte
}

type header [16]byte

var messagePool = sync.Pool{New: func() any { return message{} }}

// classPools is an array literal of pools, the way net/http's h2 bundle keeps its data chunks.
var classPools = [...]sync.Pool{
	{New: func() any { return make([]byte, 1<<10) }},
	{New: func() any { return make([]byte, 4<<10) }},
}
