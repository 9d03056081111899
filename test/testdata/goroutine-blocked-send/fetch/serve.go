package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// Serve reports only a server that fails on its own; when ctx ends it shuts the server down,
// after which Serve returns http.ErrServerClosed and the goroutine sends nothing. Not a finding.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errs := make(chan error)
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			errs <- err
		}
	}()
	select {
	case <-ctx.Done():
	case err := <-errs:
		return err
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

// ServeAndClose closes the server in the case that gives up, and checks with errors.Is.
func ServeAndClose(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errs := make(chan error)
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			errs <- err
		}
	}()
	select {
	case <-ctx.Done():
		srv.Close()
		return ctx.Err()
	case err := <-errs:
		return err
	}
}

// ServeAndLeave gives up without stopping the server: a later failure is never received.
func ServeAndLeave(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errs := make(chan error)
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			errs <- err // want `errs is unbuffered and ServeAndLeave can stop waiting before it receives \(a return before the receive\)`
		}
	}()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case err := <-errs:
		return err
	}
}

// ServeEveryError sends whatever Serve returns, http.ErrServerClosed too, which the shutdown
// causes after nobody waits any more.
func ServeEveryError(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errs := make(chan error)
	go func() {
		errs <- srv.Serve(ln) // want `errs is unbuffered and ServeEveryError can stop waiting before it receives \(the select gives up on <-ctx.Done\(\)\)`
	}()
	select {
	case <-ctx.Done():
	case err := <-errs:
		return err
	}
	return srv.Shutdown(context.Background())
}
