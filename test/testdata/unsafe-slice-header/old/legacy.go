// Package legacyzerocopy targets Go 1.19: no unsafe.String yet, so no fix.
package legacyzerocopy

import (
	"reflect"
	"unsafe"
)

func BytesToString(b []byte) string {
	var s string
	sh := (*reflect.StringHeader)(unsafe.Pointer(&s)) // want `^(?!.*unsafe\.(String|StringData|SliceData)\b)Declare a header type whose Data field is an unsafe\.Pointer, struct\{ Data unsafe\.Pointer; Len int \}.*reflect\.StringHeader.*\(The quick fix needs go 1\.20 in go\.mod, which says go 1\.19\.\)$`
	bh := (*reflect.SliceHeader)(unsafe.Pointer(&b))  // want `^(?!.*unsafe\.(String|StringData|SliceData)\b)Declare a header type .*unsafe\.Slice\(&b\[0\], n\).*reflect\.SliceHeader.*\(The quick fix needs go 1\.20 in go\.mod, which says go 1\.19\.\)$`
	sh.Data = bh.Data
	sh.Len = bh.Len
	return s
}
