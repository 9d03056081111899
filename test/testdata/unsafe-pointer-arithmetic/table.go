package records

import "unsafe"

// sharedTable points at the records; slot in records.go indexes it.
var sharedTable unsafe.Pointer

func init() {
	table := make([]header, 16)
	sharedTable = unsafe.Pointer(&table[0])
}
