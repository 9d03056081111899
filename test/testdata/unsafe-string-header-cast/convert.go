// Package textutil has the zero-copy conversions people copy from blog posts.
package textutil

import "unsafe"

type stringHeader struct {
	data unsafe.Pointer
	len  int
}

// Bytes reads three words from a two-word string header: the capacity is garbage.
func Bytes(s string) []byte {
	return *(*[]byte)(unsafe.Pointer(&s)) // want `\*\(\*\[\]byte\)\(unsafe.Pointer\(&s\)\) reinterprets the header of string s`
}

// First5 is the "legal" trick from the post-mortem: it views the header, not the text.
func First5(s string) []byte {
	return (*[5]byte)(unsafe.Pointer(&s))[:] // want `header of string s`
}

// FirstByte points at the header's first byte, not the text's.
func FirstByte(name string) *byte {
	return (*byte)(unsafe.Pointer(&name)) // want `header of string name`
}

// Address reads the data word out of the header by layout.
func Address(s string) uintptr {
	return *(*uintptr)(unsafe.Pointer(&s)) // want `data pointer out of the header of string s`
}

// GreetingBytes views the package-level string declared in greeting.go.
func GreetingBytes() []byte {
	return (*[5]byte)(unsafe.Pointer(&greeting))[:] // want `header of string greeting`
}

// fromBytes reinterprets a []byte as a string: the slice header starts like a string header.
func fromBytes(b []byte) string {
	return *(*string)(unsafe.Pointer(&b))
}

// header views the string through a struct that mirrors the header: that is what it means to do.
func header(s string) *stringHeader {
	return (*stringHeader)(unsafe.Pointer(&s))
}

// word reinterprets a number's bytes: a single valid pointer-type conversion.
func word(n uint32) [4]byte {
	return *(*[4]byte)(unsafe.Pointer(&n))
}

// shadowed declares its own s, a struct laid out like a slice header.
func shadowed(s string, entry *[16]byte) []byte {
	{
		s := struct {
			ptr unsafe.Pointer
			siz int
			cap int
		}{ptr: unsafe.Pointer(entry), siz: 16, cap: 16}
		return *(*[]byte)(unsafe.Pointer(&s))
	}
}
