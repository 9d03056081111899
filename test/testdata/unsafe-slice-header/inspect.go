package zerocopy

import (
	"reflect"
	"unsafe"
)

// DataPointer passes the backing array to C-style code.
func DataPointer(b []byte) unsafe.Pointer {
	return unsafe.Pointer((*reflect.SliceHeader)(unsafe.Pointer(&b)).Data) // want `reflect.SliceHeader`
}

// Length reads the length through the header.
func Length(s string) int {
	return (*reflect.StringHeader)(unsafe.Pointer(&s)).Len // want `reflect.StringHeader`
}

// Grow rewrites a header in place: no simple replacement, so no fix.
func Grow(b *[]byte, n int) {
	h := (*reflect.SliceHeader)(unsafe.Pointer(b)) // want `reflect.SliceHeader`
	h.Len += n
}

// Kind keeps reflect in use, so the import stays.
func Kind(v interface{}) reflect.Kind {
	return reflect.TypeOf(v).Kind()
}

// Modern is the Go 1.20 way, and not a finding.
func Modern(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}
