package handlers

import (
	"context"
	"net/http"
	"time"
)

// replayer replays recorded events to a subscriber.
type replayer struct {
	events []string
}

// Replay skips what is left once ctx ends: it only uses ctx to stop early.
func (p *replayer) Replay(ctx context.Context, send func(string)) {
	for _, event := range p.events {
		select {
		case <-ctx.Done():
		default:
			send(event)
		}
	}
}

// Fetch hands ctx to an outgoing request: it needs the cancellation.
func (p *replayer) Fetch(ctx context.Context, url string) error {
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

var history = &replayer{}

// Subscribe hands the request's context to a method that uses it only to stop early: the
// goroutine ends with the request, wherever the watching code lives. Not a finding.
func Subscribe(w http.ResponseWriter, r *http.Request) {
	go history.Replay(r.Context(), func(string) {})
	w.WriteHeader(http.StatusOK)
}

// Mirror hands it to a method that relies on it: reported.
func Mirror(w http.ResponseWriter, r *http.Request) {
	go history.Fetch(r.Context(), "http://example.com/") // want `The goroutine receives r.Context\(\), a context of request r`
	w.WriteHeader(http.StatusAccepted)
}

// Relay pumps messages until the request's context ends, and the handler itself waits for
// that end before returning: nothing the goroutine does outlives the context. Not a finding.
func Relay(w http.ResponseWriter, r *http.Request, read func(context.Context) error) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go func() {
		for read(ctx) == nil {
		}
		cancel()
	}()
	<-ctx.Done()
}

// RelayOrReturn may return before it waits: reported.
func RelayOrReturn(w http.ResponseWriter, r *http.Request, read func(context.Context) error, quick bool) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go func() {
		for read(ctx) == nil { // want `The goroutine uses ctx, a context of request r`
		}
	}()
	if quick {
		time.Sleep(time.Millisecond)
		return
	}
	<-ctx.Done()
}
