// Package onestep holds round trips one step from valid: the fix moves the pointer with unsafe.Add.
package onestep

import "unsafe"

type header struct {
	kind   uint8
	length uint16
	data   [32]byte
}

// dataOf stores the address, then converts it back with an offset: fixed with unsafe.Add.
func dataOf(h *header) *byte {
	base := uintptr(unsafe.Pointer(h))
	offset := unsafe.Offsetof(h.data)
	return (*byte)(unsafe.Pointer(base + offset)) // want `base holds an address stored as a plain uintptr \(on line 14\).*; keep an unsafe\.Pointer instead \(unsafe\.Add for offsets\)`
}

// elementAt adds two offsets: both go into unsafe.Add.
func elementAt(h *header, i uintptr) *byte {
	start := uintptr(unsafe.Pointer(&h.data))
	return (*byte)(unsafe.Pointer(start + i*2 + 1)) // want `start holds an address stored as a plain uintptr`
}

// same converts straight back: the fix needs no unsafe.Add.
func same(p unsafe.Pointer) *header {
	address := uintptr(p)
	return (*header)(unsafe.Pointer(address)) // want `address holds an address stored as a plain uintptr`
}

// logged uses the integer for something else too: reported, no fix.
func logged(h *header, log func(uintptr)) *byte {
	base := uintptr(unsafe.Pointer(h))
	log(base)
	return (*byte)(unsafe.Pointer(base + 1)) // want `base holds an address stored as a plain uintptr`
}

// moved changes h between the store and the conversion: rewriting would read the new h. No fix.
func moved(h *header, next *header) *byte {
	base := uintptr(unsafe.Pointer(h))
	h = next
	_ = h
	return (*byte)(unsafe.Pointer(base + 2)) // want `base holds an address stored as a plain uintptr`
}

// valid does it in one expression: not reported.
func valid(h *header) *byte {
	return (*byte)(unsafe.Add(unsafe.Pointer(h), unsafe.Offsetof(h.data)))
}
