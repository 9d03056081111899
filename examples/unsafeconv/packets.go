package unsafeconv

import "unsafe"

type packet struct {
	kind    uint8
	length  uint16
	payload [64]byte
}

// payloadOf finds the payload by address arithmetic.
// Bug: base is a plain integer once stored in a variable; nothing keeps p alive or tracks it if
// the GC moves it before the conversion back (the unsafe docs forbid this round trip).
func payloadOf(p *packet) *byte {
	base := uintptr(unsafe.Pointer(p))
	offset := unsafe.Offsetof(p.payload)
	return (*byte)(unsafe.Pointer(base + offset))
}

// lengthOf does the arithmetic in one expression: valid, but unsafe.Add (Go 1.17) says it safely.
func lengthOf(p *packet) *uint16 {
	return (*uint16)(unsafe.Pointer(uintptr(unsafe.Pointer(p)) + unsafe.Offsetof(p.length)))
}

type node struct {
	next  *node
	value int
}

// link stores a pointer through an integer alias.
// Bug: the write barrier never sees this store, so the GC can free next while n still points at it.
func link(n, next *node) {
	*(*uintptr)(unsafe.Pointer(&n.next)) = uintptr(unsafe.Pointer(next))
}

// Sum walks a packet list; it keeps the helpers above in use.
func Sum(head *node, p *packet) int {
	total := int(*payloadOf(p)) + int(*lengthOf(p))
	for n := head; n != nil; n = n.next {
		total += n.value
	}
	link(head, nil)
	return total
}
