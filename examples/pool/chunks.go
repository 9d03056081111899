package pool

import (
	"io"
	"sync"
)

// chunkPool holds read buffers for CopyChunks.
var chunkPool = sync.Pool{
	New: func() any { return make([]byte, 32<<10) },
}

// CopyChunks copies src to dst through a pooled chunk.
// Bug: chunk is a slice, not a pointer. Putting it into the pool converts it to an interface,
// which allocates a new slice header on every call: the pool saves nothing (staticcheck SA6002).
func CopyChunks(dst io.Writer, src io.Reader) (int64, error) {
	chunk := chunkPool.Get().([]byte)
	defer chunkPool.Put(chunk)
	var written int64
	for {
		n, err := src.Read(chunk)
		if n > 0 {
			m, werr := dst.Write(chunk[:n])
			written += int64(m)
			if werr != nil {
				return written, werr
			}
		}
		if err == io.EOF {
			return written, nil
		}
		if err != nil {
			return written, err
		}
	}
}

type point struct{ X, Y float64 }

var scratchPool = sync.Pool{
	New: func() any { return [64]point{} },
}

// Centroid averages points using a pooled scratch array.
// Bug: a 1 KB array value goes into the pool: every Put copies it into a fresh allocation.
func Centroid(points []point) point {
	scratch := scratchPool.Get().([64]point)
	n := copy(scratch[:], points)
	var sum point
	for _, p := range scratch[:n] {
		sum.X += p.X
		sum.Y += p.Y
	}
	scratchPool.Put(scratch)
	if n == 0 {
		return point{}
	}
	return point{sum.X / float64(n), sum.Y / float64(n)}
}
