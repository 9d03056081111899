// Package files opens many files in loops: each defer waits for the function to return.
package files

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"time"
)

// ProcessFiles keeps every file open until the last one is handled.
func ProcessFiles(paths []string, handle func(io.Reader) error) error {
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close() // want `defer f.Close\(\) runs when ProcessFiles returns, not at the end of each iteration: every iteration's f stays open`
		if err := handle(f); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return nil
}

// CountLines has no error to hand on: the literal ends with the body.
func CountLines(paths []string) int {
	total := 0
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		defer f.Close() // want `every iteration's f stays open`
		buf := make([]byte, 4096)
		n, _ := f.Read(buf)
		total += n
	}
	return total
}

// Serve never returns, so the connections it defers to close never are.
func Serve(listener net.Listener, handle func(net.Conn)) {
	for {
		conn, err := listener.Accept()
		if err != nil {
			return
		}
		defer conn.Close() // want `runs when Serve returns, and this loop only ends with it`
		handle(conn)
	}
}

var mu sync.Mutex

// Update locks once per item and unlocks at the end.
func Update(items []string, apply func(string)) {
	for _, item := range items {
		mu.Lock()
		defer mu.Unlock() // want `mu stays locked until then, so the next iteration.s mu.Lock\(\) waits forever`
		apply(item)
	}
}

// Fetch breaks out of the loop: the body keeps its `break`, so no fix is offered.
func Fetch(client *http.Client, urls []string) (int64, error) {
	var total int64
	for _, url := range urls {
		resp, err := client.Get(url)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close() // want `every iteration's resp.Body stays open`
		if resp.StatusCode != http.StatusOK {
			break
		}
		total += resp.ContentLength
	}
	return total, nil
}

// --- Not findings ---

// FirstReadable defers once: the iteration that defers returns.
func FirstReadable(paths []string) ([]byte, error) {
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		defer f.Close()
		return io.ReadAll(f)
	}
	return nil, os.ErrNotExist
}

// PerIteration already runs each body in its own function.
func PerIteration(paths []string) {
	for _, path := range paths {
		func() {
			f, err := os.Open(path)
			if err != nil {
				return
			}
			defer f.Close()
		}()
	}
}

// Fixed opens a short literal list of files.
func Fixed() {
	for _, path := range []string{"/etc/hosts", "/etc/resolv.conf"} {
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		defer f.Close()
	}
	for i := 0; i < 3; i++ {
		mu.Lock()
		defer mu.Unlock()
	}
}

// Found defers inside the branch that ends the loop.
func Found(paths []string, want string) (*os.File, error) {
	for _, path := range paths {
		if path == want {
			mu.Lock()
			defer mu.Unlock()
			return os.Open(path)
		}
	}
	return nil, os.ErrNotExist
}

// Once breaks out right after deferring.
func Once(paths []string) {
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		defer f.Close()
		break
	}
}

// Reopen handles each reload request until reloads closes: the files of every reload stay open.
func Reopen(reloads <-chan string, ctxs chan<- context.Context) {
	for path := range reloads {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel() // want `every iteration's context and its timer stay alive until then`
		ctxs <- ctx
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		defer f.Close() // want `every iteration's f stays open`
	}
}

// Recovering installs a panic handler per attempt on purpose.
func Recovering(attempts []func()) {
	for _, attempt := range attempts {
		defer func() {
			if r := recover(); r != nil {
				fmt.Println("recovered:", r)
			}
		}()
		attempt()
	}
}

type scopes struct{ depth int }

func (s *scopes) open()  { s.depth++ }
func (s *scopes) close() { s.depth-- }

// Nest releases what existed before the loop: nothing piles up per iteration.
func Nest(s *scopes, names []string) {
	for range names {
		s.open()
		defer s.close()
	}
}

type node struct {
	mu     sync.Mutex
	parent *node
}

// LockChain holds every ancestor's lock until it returns, on purpose.
func LockChain(n *node) {
	for p := n; p != nil; p = p.parent {
		p.mu.Lock()
		defer p.mu.Unlock()
	}
}

// Setup defers once, behind a flag the branch clears.
func Setup(items []string) {
	first := true
	for _, item := range items {
		if first {
			first = false
			f, err := os.Open(item)
			if err != nil {
				return
			}
			defer f.Close()
		}
	}
}

// Wait handles the reply and the deadline, each of which arrives once.
func Wait(work func(chan<- error), d time.Duration) error {
	errc := make(chan error, 1)
	go work(errc)
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for {
		select {
		case err := <-errc:
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			_ = ctx
			return err
		case <-deadline.C:
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			_ = ctx
		}
	}
}

// Roots opens at most two folders it lists itself.
func Roots(goroot string) {
	var roots []string
	if goroot != "" {
		roots = append(roots, goroot)
	}
	roots = append(roots, "/tmp")
	for _, root := range roots {
		f, err := os.Open(root)
		if err != nil {
			continue
		}
		defer f.Close()
	}
}

// Names copies each buffer's text out (a string conversion keeps nothing of it), and every
// pooled buffer still waits for Names to return before it goes back.
func Names(n int, get func() []byte, put func([]byte), read func([]byte) int) []string {
	var names []string
	for i := 0; i < n; i++ {
		buf := get()
		defer put(buf) // want `defer put\(buf\) runs when Names returns, not at the end of each iteration`
		names = append(names, string(buf[:read(buf)]))
	}
	return names
}

// Reopen checks for nil but never sets it: every iteration opens and defers again.
func Reopen(paths []string, current *os.File) error {
	for _, path := range paths {
		if current == nil {
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close() // want `defer f.Close\(\) runs when Reopen returns`
		}
	}
	return nil
}
