package cache

import "io"

// copyBlob streams src to dst through a pooled chunk.
func copyBlob(dst io.Writer, src io.Reader) (int64, error) {
	chunk := chunkPool.Get().([]byte)
	n, err := io.CopyBuffer(dst, src, chunk)
	chunkPool.Put(chunk)
	return n, err
}
