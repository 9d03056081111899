// Package unsafeconv holds the zero-copy conversions that circulate in performance threads.
// Most of them fall outside the patterns the unsafe package documents as valid.
package unsafeconv

import (
	"reflect"
	"unsafe"
)

// BytesToString avoids a copy by rewriting headers.
// Bug: reflect.StringHeader.Data is a uintptr, which the GC does not treat as a pointer: if b's
// array is only reachable through the result, the GC may free it while the string is in use.
func BytesToString(b []byte) string {
	var s string
	sliceHeader := (*reflect.SliceHeader)(unsafe.Pointer(&b))
	stringHeader := (*reflect.StringHeader)(unsafe.Pointer(&s))
	stringHeader.Data = sliceHeader.Data
	stringHeader.Len = sliceHeader.Len
	return s
}

// StringToBytes builds a slice header by hand.
// Bug: a SliceHeader literal is not a slice; nothing keeps s's bytes alive through hdr.Data.
func StringToBytes(s string) []byte {
	hdr := reflect.SliceHeader{
		Data: (*reflect.StringHeader)(unsafe.Pointer(&s)).Data,
		Len:  len(s),
		Cap:  len(s),
	}
	return *(*[]byte)(unsafe.Pointer(&hdr))
}

// Prefix16 means to return the first 16 bytes of s.
// Bug: &s is the address of the string header (pointer and length), not of its text: this
// returns the header's own 16 bytes.
func Prefix16(s string) []byte {
	return (*[16]byte)(unsafe.Pointer(&s))[:]
}

// Int32sAsBytes views a slice of int32 as bytes, then keeps filling the original.
// Bug: append may move values to a new array; view still points at the old one.
// No gomem rule reports this one yet.
func Int32sAsBytes(values []int32, extra int32) ([]int32, []byte) {
	view := unsafe.Slice((*byte)(unsafe.Pointer(&values[0])), len(values)*4)
	values = append(values, extra)
	return values, view
}
