// Package records walks fixed-layout records in a shared buffer.
package records

import (
	"syscall"
	"unsafe"
)

type header struct {
	size uint32
	kind uint32
}

// kindOf reads the second field of a header through an offset.
func kindOf(h *header) uint32 {
	p := unsafe.Pointer(h)
	return *(*uint32)(unsafe.Pointer(uintptr(p) + unsafe.Offsetof(h.kind))) // want `unsafe.Add\(p, unsafe.Offsetof\(h.kind\)\)`
}

// element returns the i-th int64 after base.
func element(base unsafe.Pointer, i int) *int64 {
	return (*int64)(unsafe.Pointer(uintptr(base) + uintptr(i)*unsafe.Sizeof(int64(0)))) // want `^unsafe.Pointer\(uintptr\(base\) \+ uintptr\(i\)\*unsafe.Sizeof\(int64\(0\)\)\) is valid pointer arithmetic \(pattern 3 of package unsafe\) as long as it stays one expression; unsafe.Add\(base, uintptr\(i\)\*unsafe.Sizeof\(int64\(0\)\)\) says it`
}

// previous steps back one int64: a uintptr constant cannot be negated, so the fix converts it.
func previous(p unsafe.Pointer) unsafe.Pointer {
	return unsafe.Pointer(uintptr(p) - unsafe.Sizeof(int64(0))) // want `unsafe.Add\(p, -int\(unsafe.Sizeof\(int64\(0\)\)\)\)`
}

// back steps back by a literal.
func back(p unsafe.Pointer) unsafe.Pointer {
	return unsafe.Pointer(uintptr(p) - 8) // want `unsafe.Add\(p, -8\)`
}

// second returns the second element of an array through its address.
func second(xs *[4]int32) *int32 {
	return (*int32)(unsafe.Pointer(uintptr(unsafe.Pointer(xs)) + 4)) // want `unsafe.Add\(unsafe.Pointer\(xs\), 4\)`
}

// nth steps by an int index: unsafe.Add takes the int as it is, and p needs no conversion.
func nth(p unsafe.Pointer, i int) unsafe.Pointer {
	return unsafe.Pointer(uintptr(unsafe.Pointer(p)) + uintptr(i)) // want `unsafe.Add\(p, i\)`
}

// before steps back by an int count: negated as it is.
func before(p unsafe.Pointer, n int) unsafe.Pointer {
	return unsafe.Pointer(uintptr(p) - uintptr(n)) // want `unsafe.Add\(p, -n\)`
}

// slot reads a record from the shared table declared in table.go.
func slot(i uintptr) *header {
	return (*header)(unsafe.Pointer(uintptr(sharedTable) + i*8 + 4)) // want `unsafe.Add\(sharedTable, i\*8\+4\)`
}

// alignDown rounds down with &^: valid, and unsafe.Add has no way to say it.
func alignDown(p unsafe.Pointer) unsafe.Pointer {
	return unsafe.Pointer(uintptr(p) &^ 7)
}

// sizeOf reinterprets a header with a single conversion: not arithmetic.
func sizeOf(h *header) *uint32 {
	return (*uint32)(unsafe.Pointer(h))
}

// readInto converts inside the Syscall argument list, the valid pattern 4.
func readInto(fd int, buf []byte) (uintptr, syscall.Errno) {
	n, _, errno := syscall.Syscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	return n, errno
}
