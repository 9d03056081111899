package arena

import "unsafe"

// Alloc returns the next n bytes: the slab address comes back from the base field.
func (a *Arena) Alloc(n uintptr) unsafe.Pointer {
	p := unsafe.Pointer(a.base + a.used) // want `field a.base holds an address stored as a plain uintptr`
	a.used += n
	return p
}

func at(b []byte, i int) *byte {
	return byteAt(uintptr(unsafe.Pointer(&b[0])), i)
}

// keepAlive tells the compiler to keep converted arguments alive: its uintptr parameter is fine.
//
//go:uintptrescapes
func keepAlive(addr uintptr) byte {
	return *(*byte)(unsafe.Pointer(addr))
}

func callKeepAlive(b []byte) byte {
	return keepAlive(uintptr(unsafe.Pointer(&b[0])))
}
