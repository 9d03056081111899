// Package legacy targets Go 1.16, before unsafe.Add: the rule reports without a fix.
package legacy

import "unsafe"

func field(p unsafe.Pointer, offset uintptr) unsafe.Pointer {
	return unsafe.Pointer(uintptr(p) + offset) // want `^(?!.*unsafe\.Add\(p)Keep the conversion and the arithmetic in this one expression.*\(The quick fix needs go 1\.17 in go\.mod, which says go 1\.16\.\)$`
}
