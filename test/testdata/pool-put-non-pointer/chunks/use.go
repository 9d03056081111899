package chunks

import "io"

// Copy moves r to w through a pooled chunk.
func Copy(w io.Writer, r io.Reader) (int64, error) {
	buf := chunkPool.Get().([]byte)
	n, err := io.CopyBuffer(w, r, buf)
	chunkPool.Put(buf) // want `buf is a \[\]byte, not a pointer: every Put into chunkPool copies it`
	return n, err
}

// release hands a chunk back from wherever it came.
func release(p []byte) {
	if len(p) != chunkSize {
		return
	}
	chunkPool.Put(p) // want `p is a \[\]byte, not a pointer`
}

// fill is a second Get of the same pool: the fix rewrites it too.
func fill(b byte) []byte {
	p := chunkPool.Get().([]byte)
	for i := range p {
		p[i] = b
	}
	return p
}

// Negative: the pointer pool is used right.
func scratch(w io.Writer, s string) error {
	bp := scratchPool.Get().(*[]byte)
	b := append((*bp)[:0], s...)
	_, err := w.Write(b)
	*bp = b
	scratchPool.Put(bp)
	return err
}

// Indexed pools are pools too; no fix because the New functions are not in sight.
func sized(class int, b []byte) {
	sizedPools[class].Put(b[:0]) // want `b\[:0\] is a \[\]byte, not a pointer: every Put into sizedPools\[class\]`
}

// Structs and arrays are copied as well.
func recycle(m message, h header) {
	messagePool.Put(m) // want `m is a message, not a pointer`

	sizedPools[0].Put(h) // want `h is a header, not a pointer`
}

// putClass returns a chunk to its size class.
func putClass(class int, p []byte) {
	classPools[class].Put(p) // want `p is a \[\]byte, not a pointer: every Put into classPools\[class\]`
}
