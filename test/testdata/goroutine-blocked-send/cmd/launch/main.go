// Command launch starts a child process and reports whether it came up.
package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"example.com/blockedsend/launcher"
)

func main() {
	status := make(chan string)
	go func() {
		status <- probe()
	}()
	select {
	case s := <-status:
		fmt.Println(s)
	case <-time.After(time.Second):
		fmt.Println("no answer")
		os.Exit(1)
	}
	code, err := start()
	if err != nil {
		fmt.Println(err)
	}
	os.Exit(code)
}

func probe() string { return "up" }

// start returns the exit code from the launcher's constants: once per process.
func start() (int, error) {
	exited := make(chan error)
	go func() {
		exited <- errors.New("exited")
	}()
	select {
	case err := <-exited:
		return launcher.ExitCodeFailure, err
	case <-time.After(time.Second):
	}
	return launcher.ExitCodeSuccess, nil
}

// retry calls os.Exit on a path, but returns to its caller on the others, which may call it
// again: os.Exit proves nothing of the paths that return. Reported.
func retry(try func() error) error {
	errc := make(chan error)
	go func() {
		errc <- try() // want `errc is unbuffered and retry can stop waiting before it receives \(the select times out on <-time.After\(time.Second\)\)`
	}()
	select {
	case err := <-errc:
		if errors.Is(err, os.ErrPermission) {
			os.Exit(2)
		}
		return err
	case <-time.After(time.Second):
		return errors.New("timed out")
	}
}

var _ = retry

// inLiteral: the function literal inside main may run many times. Reported.
var inLiteral = func(slow func() string) string {
	results := make(chan string)
	go func() {
		results <- slow() // want `results is unbuffered and the function literal can stop waiting before it receives`
	}()
	select {
	case r := <-results:
		return r
	case <-time.After(time.Second):
		return ""
	}
}
