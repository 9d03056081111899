// Package cache serves cached blobs; its pools are declared here and used in the other files.
package cache

import (
	"bytes"
	"sync"
)

var bodyPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var chunkPool = sync.Pool{
	New: func() any {
		return make([]byte, 32<<10)
	},
}
