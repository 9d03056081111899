package registry

import (
	"bytes"
	"io"
	"net/http"
)

const maxLoginBytes = 1 << 16

// Login reads "user=token". The server keeps the user name, and with it the whole body.
func (s *Server) Login(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxLoginBytes))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	user, token, ok := bytes.Cut(body, []byte("="))
	if !ok {
		http.Error(w, "want user=token", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastUser = user // want `user is a short sub-slice of everything io.ReadAll read on line 13, stored in s.lastUser \(a field of the receiver\): it keeps that whole backing array alive`
	// The token is the rest of the body: the body is what is kept, not a waste.
	s.tokens[string(user)] = token
}
