// Package upload stores request bodies; its pools and limit live in this file.
package upload

import (
	"bytes"
	"strings"
	"sync"
)

// maxPooledBufferSize keeps one huge upload from being pinned in the pool.
const maxPooledBufferSize = 1 << 20

var bodyPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var textPool = sync.Pool{New: func() any { return new(strings.Builder) }}

// Store keeps uploads.
type Store struct {
	pool *sync.Pool
	data map[string][]byte
}

// message is a request already read off the wire.
type message struct {
	ID   string
	Body []byte
}
