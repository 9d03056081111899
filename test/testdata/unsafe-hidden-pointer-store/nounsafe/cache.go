// Package nounsafe uses unsafe only for the hidden stores, so the fix drops the import.
package nounsafe

import "unsafe"

type entry struct {
	key  string
	prev *entry
	next *entry
}

// link uses unsafe only to hide its pointer stores; the fixes leave no use of unsafe.
func link(a, b *entry) {
	*(*uintptr)(unsafe.Pointer(&a.next)) = uintptr(unsafe.Pointer(b)) // want `a.next holds a pointer`
	*(*uintptr)(unsafe.Pointer(&b.prev)) = uintptr(unsafe.Pointer(a)) // want `b.prev holds a pointer`
}
