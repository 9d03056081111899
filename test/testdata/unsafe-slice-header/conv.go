// Package zerocopy converts between strings and byte slices without copying.
package zerocopy

import (
	"reflect"
	"unsafe"
)

// StringToBytes is the classic helper: two header views and three field copies.
func StringToBytes(s string) (b []byte) {
	sh := (*reflect.StringHeader)(unsafe.Pointer(&s)) // want `overlays reflect.StringHeader on s, a real string \(pattern 6 of package unsafe\)`
	bh := (*reflect.SliceHeader)(unsafe.Pointer(&b))  // want `overlays reflect.SliceHeader on b, a real slice \(pattern 6 of package unsafe\)`
	bh.Data = sh.Data
	bh.Len = sh.Len
	bh.Cap = sh.Len
	return b
}

// BytesToString builds a header by hand, which the unsafe docs call invalid outright.
func BytesToString(b []byte) string {
	bh := (*reflect.SliceHeader)(unsafe.Pointer(&b)) // want `unsafe.String and unsafe.StringData|unsafe.Slice and unsafe.SliceData`
	sh := reflect.StringHeader{Data: bh.Data, Len: bh.Len}
	return *(*string)(unsafe.Pointer(&sh))
}
