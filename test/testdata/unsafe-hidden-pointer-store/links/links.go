// Package links stores pointers through parameters of type **node.
package links

import "unsafe"

type node struct {
	next *node
}

// setLink stores src into *dst through an integer alias of the **node parameter.
func setLink(dst **node, src *node) {
	*(*uintptr)(unsafe.Pointer(dst)) = uintptr(unsafe.Pointer(src)) // want `\*dst holds a pointer but is written as a uintptr`
}

// setSlot does the same for a slot of raw pointers.
func setSlot(dst *unsafe.Pointer, src *node) {
	*(*uintptr)(unsafe.Pointer(dst)) = uintptr(unsafe.Pointer(src)) // want `\*dst holds a pointer`
}

// setWord writes an integer through an alias of an integer: no pointer is hidden.
func setWord(dst *uint64, v uint64) {
	*(*uintptr)(unsafe.Pointer(dst)) = uintptr(v)
}

// setCount writes through a pointer of unknown element type (from another package): silent.
func setCount(dst interface{ Count() int }, v uintptr) {
	_ = dst
	_ = v
}
