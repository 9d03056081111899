// Package ledger records entries; ledgertest fakes its server for tests.
package ledger

// Entry is one record.
type Entry struct {
	Account string
	Amount  int64
}
