// Package suppressed holds Puts that staticcheck's SA6002 reports too: the suppression
// comments written for staticcheck (directly or through golangci-lint) silence gomem as well.
package suppressed

import "sync"

var reviewedPool = sync.Pool{New: func() any { return make([]byte, 512) }}

// Negative: every form of suppression for SA6002.
func reviewed(a, b, c, d, e, f []byte) {
	reviewedPool.Put(a) //lint:ignore SA6002 one slice header per Put is measured and accepted

	//lint:ignore SA4006,SA6002 measured and accepted
	reviewedPool.Put(b)

	reviewedPool.Put(c) //nolint:staticcheck // measured and accepted

	//lint:ignore SA60* measured and accepted
	reviewedPool.Put(d)

	reviewedPool.Put(e) //nolint:govet,staticcheck

	reviewedPool.Put(f) //nolint:StaticCheck
}

var otherPool = sync.Pool{New: func() any { return make([]byte, 512) }}

// Positive: directives for other checks or linters, and a staticcheck directive without the
// reason staticcheck requires (it ignores such a directive as malformed), silence nothing.
func unreviewed(a, b, c, d, e []byte) {
	otherPool.Put(a) //lint:ignore SA6003 another check // want `a is a \[\]byte, not a pointer`

	//lint:ignore SA6002
	otherPool.Put(b) // want `b is a \[\]byte, not a pointer`

	otherPool.Put(c) //nolint:errcheck // want `c is a \[\]byte, not a pointer`

	// lint:ignore SA6002 a space after the slashes makes it prose, for staticcheck too
	otherPool.Put(d) // want `d is a \[\]byte, not a pointer`

	otherPool.Put(e) //nolint:gosec // want `e is a \[\]byte, not a pointer`
}
