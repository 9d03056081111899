// Package legacytext targets Go 1.19: no unsafe.StringData yet, so no fix.
package legacytext

import "unsafe"

func Bytes(s string) []byte {
	return *(*[]byte)(unsafe.Pointer(&s)) // want `header of string s`
}
