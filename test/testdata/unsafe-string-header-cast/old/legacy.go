// Package legacytext targets Go 1.19: no unsafe.StringData yet, so no fix.
package legacytext

import "unsafe"

func Bytes(s string) []byte {
	return *(*[]byte)(unsafe.Pointer(&s)) // want `^(?!.*StringData)Copy the text with \[\]byte\(s\)\. .*header of string s.*\(The quick fix needs go 1\.20 in go\.mod, which says go 1\.19\.\)$`
}
