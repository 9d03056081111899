package zerocopy

import (
	"reflect"
	"unsafe"
)

// wrap builds a slice of n int32s over memory it was handed.
func wrap(p unsafe.Pointer, n int) []int32 {
	var s []int32
	h := (*reflect.SliceHeader)(unsafe.Pointer(&s)) // want `overlays reflect.SliceHeader on s, a real slice \(pattern 6 of package unsafe\): valid, since s keeps its data alive, but reflect.SliceHeader is deprecated; use unsafe.Slice`
	h.Data = uintptr(p)
	h.Len = n
	h.Cap = n
	return s
}

// window keeps a longer capacity than length.
func window(first *uint16, n, room int) []uint16 {
	var s []uint16
	h := (*reflect.SliceHeader)(unsafe.Pointer(&s)) // want `a real slice`
	h.Data = uintptr(unsafe.Pointer(first))
	h.Len = n
	h.Cap = room
	return s
}

// text builds a string over n bytes.
func text(b *byte, n int) string {
	var s string
	h := (*reflect.StringHeader)(unsafe.Pointer(&s)) // want `overlays reflect.StringHeader on s, a real string`
	h.Data = uintptr(unsafe.Pointer(b))
	h.Len = n
	return s
}

// fromAddress fills Data from an integer address: no pointer to hand to unsafe.Slice, no fix.
func fromAddress(addr uintptr, n int) []byte {
	var s []byte
	h := (*reflect.SliceHeader)(unsafe.Pointer(&s)) // want `a real slice`
	h.Data = addr
	h.Len = n
	h.Cap = n
	return s
}

// raw reads a header out of memory that is not a Go slice: the GC hazard message.
func raw(p unsafe.Pointer) int {
	return (*reflect.SliceHeader)(p).Len // want `whose Data field is a uintptr: the GC neither sees`
}

// dataOf reads the data pointer through a *[]byte: the header overlays *p, a real slice.
func dataOf(p *[]byte) uintptr {
	return (*reflect.SliceHeader)(unsafe.Pointer(p)).Data // want `overlays reflect.SliceHeader on \*p, a real slice`
}

// asBytes views n int64s as bytes, its capacity copied from the length it just set.
func asBytes(words []int64) []byte {
	var b []byte
	h := (*reflect.SliceHeader)(unsafe.Pointer(&b)) // want `overlays reflect.SliceHeader on b, a real slice`
	h.Len = len(words) * 8
	h.Cap = h.Len
	h.Data = uintptr(unsafe.Pointer(&words[0]))
	return b
}
