package poolreset

//gomem:file-ignore pool-put-without-reset this file's buffers are reset by every reader

import "bytes"

// Negative: the whole file is silenced.
func ignoredInFile(name string) {
	a := bufPool.Get().(*bytes.Buffer)
	a.WriteString(name)
	bufPool.Put(a)
}
