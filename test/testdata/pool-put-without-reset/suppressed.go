package poolreset

import "bytes"

// Negative: every suppression form silences the finding.
func suppressed(name string) {
	a := bufPool.Get().(*bytes.Buffer)
	a.WriteString(name)
	bufPool.Put(a) //gomem:ignore pool-put-without-reset callers reset after Get

	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(name)
	//gomem:ignore pool-put-without-reset,map-pointer-value callers reset after Get
	bufPool.Put(b)

	c := bufPool.Get().(*bytes.Buffer)
	c.WriteString(name)
	bufPool.Put(c) //nolint:gomem

	d := bufPool.Get().(*bytes.Buffer)
	d.WriteString(name)
	bufPool.Put(d) //nolint

	e := bufPool.Get().(*bytes.Buffer)
	e.WriteString(name)
	bufPool.Put(e) //nolint:errcheck // want `e goes back to bufPool`
}
