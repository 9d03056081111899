// Package legacyzerocopy targets Go 1.19: no unsafe.String yet, so no fix.
package legacyzerocopy

import (
	"reflect"
	"unsafe"
)

func BytesToString(b []byte) string {
	var s string
	sh := (*reflect.StringHeader)(unsafe.Pointer(&s)) // want `^Keep it as written until go.mod says go 1\.20 or later, then use unsafe\.String and unsafe\.StringData\. .* overlays reflect\.StringHeader on s, a real string \(pattern 6 of package unsafe\).*\(The quick fix needs go 1\.20 in go\.mod, which says go 1\.19\.\)$`
	bh := (*reflect.SliceHeader)(unsafe.Pointer(&b))  // want `^Keep it as written until go.mod says go 1\.20 or later, then use unsafe\.Slice and unsafe\.SliceData\. .* overlays reflect\.SliceHeader on b, a real slice.*\(The quick fix needs go 1\.20 in go\.mod, which says go 1\.19\.\)$`
	sh.Data = bh.Data
	sh.Len = bh.Len
	return s
}
