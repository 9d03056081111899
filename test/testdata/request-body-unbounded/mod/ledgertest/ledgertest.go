// Package ledgertest is a test double of ledger: a package named <x>test that imports <x> is
// test code, by the convention of httptest and net/http.
package ledgertest

import (
	"encoding/json"
	"io"
	"net/http"

	"example.com/mod/ledger"
)

// Not a finding: a fake ledger server reads what its own test sends.
func HandleRecord(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var entry ledger.Entry
	if err := json.Unmarshal(body, &entry); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
