// Package legacyzerocopy targets Go 1.19: no unsafe.String yet, so no fix.
package legacyzerocopy

import (
	"reflect"
	"unsafe"
)

func BytesToString(b []byte) string {
	var s string
	sh := (*reflect.StringHeader)(unsafe.Pointer(&s)) // want `reflect.StringHeader`
	bh := (*reflect.SliceHeader)(unsafe.Pointer(&b))  // want `reflect.SliceHeader`
	sh.Data = bh.Data
	sh.Len = bh.Len
	return s
}
