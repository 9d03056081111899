// Package launcher is the body of a command-line tool: Main returns the process's exit code.
package launcher

import (
	"context"
	"errors"
	"time"
)

// ExitCode is what the process hands back to the operating system.
type ExitCode int

const (
	ExitOK ExitCode = iota
	ExitFailed
	ExitTimeout
)

const (
	ExitCodeSuccess = 0
	ExitCodeFailure = 1
)

// Main runs once per process: main exits with its result, so the goroutine stranded when the
// check times out blocks only until then. Not a finding.
func Main(check func() error) ExitCode {
	done := make(chan error)
	go func() {
		done <- check()
	}()
	select {
	case err := <-done:
		if err != nil {
			return ExitFailed
		}
		return ExitOK
	case <-time.After(time.Second):
		return ExitTimeout
	}
}

// Start returns (int, error) and spells every exit code by its constant: also once per process.
func Start(wait func() error, ready <-chan struct{}) (int, error) {
	exited := make(chan error)
	go func() {
		err := wait()
		exited <- err
	}()
	select {
	case <-ready:
	case err := <-exited:
		return ExitCodeFailure, err
	}
	return ExitCodeSuccess, nil
}

// Watch returns an exit code, but waits in a loop: still reported.
func Watch(ctx context.Context, work func() error, tick <-chan time.Time, log func(string)) ExitCode {
	errc := make(chan error)
	go func() {
		errc <- work() // want `errc is unbuffered and Watch can stop waiting before it receives \(the select gives up on <-ctx.Done\(\)\)`
	}()
	for {
		select {
		case err := <-errc:
			if err != nil {
				return ExitFailed
			}
			return ExitOK
		case <-tick:
			log("still working")
		case <-ctx.Done():
			return ExitTimeout
		}
	}
}

// Count returns an int that is not an exit code (plain numbers): reported.
func Count(count func() int, timeout time.Duration) int {
	counted := make(chan int)
	go func() {
		counted <- count() // want `counted is unbuffered and Count can stop waiting before it receives \(the select times out on <-time.After\(timeout\)\)`
	}()
	select {
	case n := <-counted:
		return n
	case <-time.After(timeout):
		return 0
	}
}

// Server runs for as long as the process serves: Run may be called again and again.
type Server struct {
	serve func() error
}

// Run is the same shape as Start in a server method returning error: reported.
func (s *Server) Run(ctx context.Context) error {
	errs := make(chan error)
	go func() {
		errs <- s.serve() // want `errs is unbuffered and Run can stop waiting before it receives \(the select gives up on <-ctx.Done\(\)\)`
	}()
	select {
	case err := <-errs:
		return err
	case <-ctx.Done():
		return errors.Join(ctx.Err(), errors.New("server stopped"))
	}
}

// First asks every mirror in a function that returns an exit code: the goroutines are started
// in a loop, several are stranded, still reported.
func First(mirrors []string, get func(string) error) ExitCode {
	answers := make(chan error)
	for _, m := range mirrors {
		go func(m string) {
			answers <- get(m) // want `goroutines started in a loop send on unbuffered answers, but First receives only once`
		}(m)
	}
	if <-answers != nil {
		return ExitFailed
	}
	return ExitOK
}
