// Package fetch asks slow backends for answers and gives up after a while.
package fetch

import (
	"context"
	"errors"
	"time"
)

var errTimeout = errors.New("timed out")

// Query gives up after timeout: the goroutine's send then waits forever.
func Query(slow func() string, timeout time.Duration) (string, error) {
	results := make(chan string)
	go func() {
		results <- slow() // want `results is unbuffered and Query can stop waiting before it receives \(the select times out on <-time.After\(timeout\)\)`
	}()
	select {
	case r := <-results:
		return r, nil
	case <-time.After(timeout):
		return "", errTimeout
	}
}

// Load gives up when the context ends.
func Load(ctx context.Context, load func() ([]byte, error)) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result)
	go func() {
		data, err := load()
		if err != nil {
			done <- result{err: err} // want `done is unbuffered and Load can stop waiting before it receives \(the select gives up on <-ctx.Done\(\)\)`
			return
		}
		done <- result{data: data}
	}()
	select {
	case r := <-done:
		return r.data, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Check returns early on a bad argument after the goroutine started.
func Check(name string, check func(string) error) error {
	errc := make(chan error)
	go func() {
		errc <- check(name) // want `errc is unbuffered and Check can stop waiting before it receives \(a return before the receive\)`
	}()
	if name == "" {
		return errors.New("empty name")
	}
	return <-errc
}

// Wait loops on a select whose other case returns.
func Wait(ctx context.Context, work func() int, tick <-chan time.Time, log func(string)) int {
	out := make(chan int)
	go func() {
		out <- work() // want `out is unbuffered and Wait can stop waiting before it receives \(the select gives up on <-ctx.Done\(\)\)`
	}()
	for {
		select {
		case n := <-out:
			return n
		case <-tick:
			log("still waiting")
		case <-ctx.Done():
			return 0
		}
	}
}

// Buffered has room for the one send: not a finding.
func Buffered(slow func() string, timeout time.Duration) (string, error) {
	results := make(chan string, 1)
	go func() {
		results <- slow()
	}()
	select {
	case r := <-results:
		return r, nil
	case <-time.After(timeout):
		return "", errTimeout
	}
}

// Always receives: no early exit, not a finding.
func Always(slow func() string) string {
	results := make(chan string)
	go func() {
		results <- slow()
	}()
	return <-results
}

// AlwaysSelect has a single case: it always receives.
func AlwaysSelect(slow func() string) string {
	results := make(chan string)
	go func() {
		results <- slow()
	}()
	select {
	case r := <-results:
		return r
	}
}

// Cancellable sends in a select that gives up with the receiver: not a finding.
func Cancellable(ctx context.Context, slow func() string) string {
	results := make(chan string)
	go func() {
		select {
		case results <- slow():
		case <-ctx.Done():
		}
	}()
	select {
	case r := <-results:
		return r
	case <-ctx.Done():
		return ""
	}
}

// Closed channels and channels handed on are out of reach: silent.
func Handed(slow func() string, timeout time.Duration, keep func(chan string)) string {
	results := make(chan string)
	keep(results)
	go func() {
		results <- slow()
	}()
	select {
	case r := <-results:
		return r
	case <-time.After(timeout):
		return ""
	}
}

// LoopSelect keeps receiving until the goroutine is done; the other case does not leave.
func LoopSelect(work func() int, tick <-chan time.Time, log func(string)) int {
	out := make(chan int)
	go func() {
		out <- work()
	}()
	for {
		select {
		case n := <-out:
			return n
		case <-tick:
			log("still waiting")
		}
	}
}

// ReturnAfter returns only after it received: not a finding.
func ReturnAfter(check func() error) error {
	errc := make(chan error)
	go func() {
		errc <- check()
	}()
	if err := <-errc; err != nil {
		return err
	}
	return nil
}
