package handlers

import (
	"context"
	"log"
	"net/http"
)

type Store interface {
	Save(ctx context.Context, key string) error
}

type API struct{ store Store }

// Go 1.19 has no context.WithoutCancel: reported without a fix.
func (a *API) save(w http.ResponseWriter, r *http.Request) {
	go func() {
		if err := a.store.Save(r.Context(), r.URL.Path); err != nil { // want `^(?!.*WithoutCancel)Give the goroutine a context of its own .*The goroutine uses r.Context\(\), a context of request r: the server cancels it.*\(The quick fix needs go 1\.21 in go\.mod, which says go 1\.19\.\)$`
			log.Println(err)
		}
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Hoisting plain fields needs no newer API: fixed on Go 1.19 too.
func (a *API) touch(w http.ResponseWriter, r *http.Request) {
	go func() {
		log.Printf("%s %s", r.Method, r.URL.Path) // want `The goroutine uses r.Method of request r`
	}()
	w.WriteHeader(http.StatusAccepted)
}

// A helper named handle… serves a request even without a ResponseWriter.
func (a *API) handleImport(r *http.Request) {
	go a.store.Save(context.Background(), r.Header.Get("X-Import-ID"))
	go func() {
		log.Println(r.Header.Get("X-Import-ID")) // want `The goroutine uses r.Header.Get\("X-Import-ID"\) of request r`
	}()
}
