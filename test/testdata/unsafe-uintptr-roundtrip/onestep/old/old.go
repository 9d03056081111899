// Package onestepold targets Go 1.16, before unsafe.Add: the fix is withheld.
package onestepold

import "unsafe"

func field(p unsafe.Pointer, off uintptr) unsafe.Pointer {
	base := uintptr(p)
	return unsafe.Pointer(base + off) // want `^Keep an unsafe\.Pointer instead and convert to uintptr and back only within one expression\..*\(The quick fix needs go 1\.17 in go\.mod, which says go 1\.16\.\)$`
}

// same needs no unsafe.Add: fixed even on Go 1.16.
func same(p unsafe.Pointer) unsafe.Pointer {
	address := uintptr(p)
	return unsafe.Pointer(address) // want `address holds an address stored as a plain uintptr`
}
