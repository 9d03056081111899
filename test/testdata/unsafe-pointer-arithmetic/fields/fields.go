// Package fields has two structs with a field named data of different types, and a field named
// Data like the one of reflect.SliceHeader: a field belongs to its owning type, not to its name.
package fields

import (
	"reflect"
	"unsafe"
)

type ring struct {
	data unsafe.Pointer
	size uintptr
}

// at steps through the ring's raw memory: r.data is an unsafe.Pointer.
func (r *ring) at(off uintptr) unsafe.Pointer {
	return unsafe.Pointer(uintptr(r.data) + off) // want `unsafe.Add\(r.data, off\)`
}

// last is the same through a value of the type, declared in blocks.go.
func last(r ring) unsafe.Pointer {
	return unsafe.Pointer(uintptr(r.data) + r.size - 1) // want `unsafe.Add\(r.data, r.size-1\)`
}

type window struct {
	Data unsafe.Pointer
}

// view: h.Data is reflect.SliceHeader's uintptr, not window's unsafe.Pointer, so there is no
// pointer here to move with unsafe.Add.
func view(h *reflect.SliceHeader, w *window) unsafe.Pointer {
	_ = w
	return unsafe.Pointer(uintptr(h.Data) + 8)
}

// blockByte: b.data is block's []byte (blocks.go): not a pointer at all.
func blockByte(b *block, off uintptr) unsafe.Pointer {
	return unsafe.Pointer(uintptr(len(b.data)) + off)
}
