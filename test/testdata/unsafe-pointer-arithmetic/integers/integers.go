// Package integers turns integers that never were Go pointers into addresses (memory-mapped
// registers): not pointer arithmetic, and unsafe.Add could not take them.
package integers

import "unsafe"

func register(base uint64, offset uintptr) *uint32 {
	return (*uint32)(unsafe.Pointer(uintptr(base) + offset))
}
