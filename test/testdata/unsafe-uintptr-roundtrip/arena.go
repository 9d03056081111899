// Package arena hands out pieces of a byte slab, remembering addresses as integers.
package arena

import (
	"reflect"
	"syscall"
	"unsafe"
)

type Arena struct {
	slab []byte
	base uintptr
	used uintptr
}

// NewArena keeps the slab's address in a uintptr field (see alloc.go for the way back).
func NewArena(size int) *Arena {
	slab := make([]byte, size)
	return &Arena{slab: slab, base: uintptr(unsafe.Pointer(&slab[0]))}
}

// header stores the address in a local, then converts it back with an offset.
func header(buf []byte) *uint32 {
	addr := uintptr(unsafe.Pointer(&buf[0]))
	addr += 4
	return (*uint32)(unsafe.Pointer(addr)) // want `addr holds an address stored as a plain uintptr`
}

// fromReflect keeps reflect's uintptr before converting: invalid per pattern 5.
func fromReflect(v interface{}) *int {
	u := reflect.ValueOf(v).Pointer()
	return (*int)(unsafe.Pointer(u)) // want `u holds an address stored as a plain uintptr`
}

// readStored passes a stored address to Syscall: the compiler no longer keeps buf alive.
func readStored(fd int, buf []byte) error {
	p := uintptr(unsafe.Pointer(&buf[0]))
	_, _, errno := syscall.Syscall(syscall.SYS_READ, uintptr(fd), p, uintptr(len(buf))) // want `p holds an address stored as a plain uintptr.*passes it to Syscall`
	if errno != 0 {
		return errno
	}
	return nil
}

// byteAt converts a uintptr parameter back; at() in alloc.go passes it a converted pointer.
func byteAt(base uintptr, i int) *byte {
	return (*byte)(unsafe.Pointer(base + uintptr(i))) // want `parameter base holds an address stored as a plain uintptr`
}

// next is pattern 3 in one expression: valid (unsafe-pointer-arithmetic suggests unsafe.Add).
func next(p unsafe.Pointer) unsafe.Pointer {
	return unsafe.Pointer(uintptr(p) + 8)
}

// readDirect converts inside the Syscall argument list: valid pattern 4.
func readDirect(fd int, buf []byte) {
	syscall.Syscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
}

// fromReflectAtOnce converts reflect's uintptr in the same expression: valid pattern 5.
func fromReflectAtOnce(v interface{}) *int {
	return (*int)(unsafe.Pointer(reflect.ValueOf(v).Pointer()))
}

// fieldAt stores an offset (a difference of addresses), not an address.
func fieldAt(a *Arena) unsafe.Pointer {
	off := uintptr(unsafe.Pointer(&a.used)) - uintptr(unsafe.Pointer(a))
	return unsafe.Pointer(uintptr(unsafe.Pointer(a)) + off)
}

// dataOf reads the Data field of a header over a real slice: valid pattern 6.
func dataOf(b []byte) unsafe.Pointer {
	h := (*reflect.SliceHeader)(unsafe.Pointer(&b))
	return unsafe.Pointer(h.Data)
}

// mapped converts an address the kernel returned: it never was a Go pointer.
func mapped(length int) unsafe.Pointer {
	r0, _, _ := syscall.Syscall6(syscall.SYS_MMAP, 0, uintptr(length), syscall.PROT_READ, syscall.MAP_ANON|syscall.MAP_PRIVATE, 0, 0)
	return unsafe.Pointer(r0)
}
