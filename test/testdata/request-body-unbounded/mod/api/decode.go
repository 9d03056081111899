package api

import (
	"encoding/json"
	"net/http"
)

// Update keeps the decoder in a variable.
func Update(w http.ResponseWriter, r *http.Request) {
	dec := json.NewDecoder(r.Body) // want `Update reads the whole request body into memory \(json.NewDecoder\(...\).Decode\)`
	var item Item
	if err := dec.Decode(&item); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
}
