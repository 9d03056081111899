package handlers

import (
	"context"
	"net/http"
	"time"
)

// stopEarly does its work in steps and only uses ctx to stop early: a watcher of the request.
func stopEarly(ctx context.Context, steps int) {
	for i := 0; i < steps; i++ {
		select {
		case <-ctx.Done():
			return
		default:
		}
		time.Sleep(time.Millisecond)
	}
}

// poll stops waiting when ctx ends, but also hands ctx to a request: it depends on cancellation.
func poll(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
	}
	_, err = http.DefaultClient.Do(req)
	return err
}

// Watch: the goroutine receives only the request's context and hands it to a helper that
// uses it just to stop early, so it ends with the request: not a finding.
func Watch(w http.ResponseWriter, r *http.Request) {
	go stopEarly(r.Context(), 10)
	go func() {
		stopEarly(r.Context(), 3)
	}()
	w.WriteHeader(http.StatusAccepted)
}

// Poll: the helper relies on the cancellation, so WithoutCancel is not offered.
func Poll(w http.ResponseWriter, r *http.Request) {
	go poll(r.Context(), "http://example.com/") // want `^Give the goroutine a context of its own with the deadline it needs \(context.WithTimeout of context.Background\(\)\), since it relies on being cancelled\. The goroutine receives r.Context\(\), a context of request r: the server cancels it when the handler returns`
	w.WriteHeader(http.StatusAccepted)
}
