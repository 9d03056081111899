package suppressed

import "sync"

//lint:file-ignore SA6002 the pools of this file hold small slices on purpose

var smallPool = sync.Pool{New: func() any { return make([]byte, 16) }}

// Negative: staticcheck's file-wide directive covers every Put of the file.
func small(a []byte) {
	smallPool.Put(a)
}
