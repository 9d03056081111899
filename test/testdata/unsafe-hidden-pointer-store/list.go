// Package lists links nodes while "avoiding" write barriers, a trick copied from the runtime.
package lists

import "unsafe"

type node struct {
	value int
	next  *node
}

type registry struct {
	handlers map[string]func()
	scratch  unsafe.Pointer
}

// push links m after n through an integer alias of n.next.
func push(n, m *node) {
	*(*uintptr)(unsafe.Pointer(&n.next)) = uintptr(unsafe.Pointer(m)) // want `n.next holds a pointer but is written as a uintptr`
}

// clear drops the link with an integer zero.
func clear(n *node) {
	*(*uintptr)(unsafe.Pointer(&n.next)) = 0 // want `n.next holds a pointer`
}

// swapHandlers copies one map variable into another through a word-sized alias.
func swapHandlers(r *registry, handlers map[string]func()) {
	*(*uintptr)(unsafe.Pointer(&r.handlers)) = *(*uintptr)(unsafe.Pointer(&handlers)) // want `r.handlers holds a pointer`
}

// keep stores a raw pointer slot; the typed form is an unsafe.Pointer assignment.
func keep(r *registry, buf []byte) {
	*(*uint64)(unsafe.Pointer(&r.scratch)) = uint64(uintptr(unsafe.Pointer(&buf[0]))) // want `r.scratch holds a pointer but is written as a uint64`
}

// restore writes an address kept as an integer: there is no typed value to assign instead.
func restore(n *node, saved uintptr) {
	*(*uintptr)(unsafe.Pointer(&n.next)) = saved // want `n.next holds a pointer`
}

// putUint32 writes integer bytes into a byte buffer: no pointer involved.
func putUint32(b []byte, v uint32) {
	*(*uint32)(unsafe.Pointer(&b[0])) = v
}

// setBits writes a float's bits: no pointer involved.
func setBits(f *float64, bits uint64) {
	*(*uint64)(unsafe.Pointer(f)) = bits
}

// setValue writes an int field through its own type: a single valid conversion.
func setValue(n *node, v int64) {
	*(*int64)(unsafe.Pointer(&n.value)) = v
}
