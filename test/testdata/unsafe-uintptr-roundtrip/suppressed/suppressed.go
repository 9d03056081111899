// Package suppressed holds round trips that go vet's unsafeptr reports too ("possible misuse
// of unsafe.Pointer"): golangci-lint runs it as govet, and //nolint:govet silences gomem as well.
package suppressed

import "unsafe"

// Negative: the suppression golangci-lint users write for vet's report.
func vetted(buf []byte) *uint32 {
	addr := uintptr(unsafe.Pointer(&buf[0]))
	addr += 4
	return (*uint32)(unsafe.Pointer(addr)) //nolint:govet // buf is kept alive by the caller
}

func vettedAbove(buf []byte) *uint32 {
	addr := uintptr(unsafe.Pointer(&buf[0]))
	addr += 4
	//nolint:govet // buf is kept alive by the caller
	return (*uint32)(unsafe.Pointer(addr))
}

// Positive: suppressions for other linters, for staticcheck (which has no such check), and
// gosec's G103 (it audits every use of unsafe, so silencing it vouches for nothing here).
func unvetted(buf []byte) *uint32 {
	addr := uintptr(unsafe.Pointer(&buf[0]))
	addr += 4
	return (*uint32)(unsafe.Pointer(addr)) //nolint:errcheck // want `addr holds an address stored as a plain uintptr`
}

func staticcheckOnly(buf []byte) *uint32 {
	addr := uintptr(unsafe.Pointer(&buf[0]))
	addr += 4
	return (*uint32)(unsafe.Pointer(addr)) //lint:ignore SA4006 another check // want `addr holds an address stored as a plain uintptr`
}

func gosecOnly(buf []byte) *uint32 {
	addr := uintptr(unsafe.Pointer(&buf[0]))
	addr += 4
	return (*uint32)(unsafe.Pointer(addr)) //nolint:gosec // want `addr holds an address stored as a plain uintptr`
}
