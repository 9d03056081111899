package files

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"time"
)

// Pages follows next links until there are none: the loop ends with its break, not only with
// the function, and every page's body stays open until Pages returns.
func Pages(client *http.Client, url string, next func(*http.Response) string) (int, error) {
	pages := 0
	for {
		resp, err := client.Get(url)
		if err != nil {
			return pages, err
		}
		defer resp.Body.Close() // want `runs when Pages returns, not at the end of each iteration: every iteration's resp.Body stays open`
		pages++
		if url = next(resp); url == "" {
			break
		}
	}
	return pages, nil
}

// --- Not findings ---

// MergeAll opens every part and uses them all after the loop: they must stay open until the
// function ends, which is when the defers close them.
func MergeAll(paths []string, merge func([]*os.File) error) error {
	var parts []*os.File
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		parts = append(parts, f)
	}
	return merge(parts)
}

type setting struct{ name string }

func (s setting) apply(value string) { os.Setenv(s.name, value) }

// ApplyLater applies every value once the loop is done: the deferred call releases nothing.
func ApplyLater(settings []setting, read func(setting) string) {
	for _, s := range settings {
		value := read(s)
		defer s.apply(value)
	}
}

// WatchAll starts a watcher per path that stops when WatchAll returns: closing each watcher's
// channel at the end of its iteration would stop it at once.
func WatchAll(paths []string, watch func(string, <-chan struct{}), wait time.Duration) {
	for _, path := range paths {
		quit := make(chan struct{})
		defer close(quit)
		go watch(path, quit)
	}
	time.Sleep(wait)
}

// FirstAnswer returns with the first good answer, but a bad one goes on to the next server
// with its body still open until FirstAnswer returns.
func FirstAnswer(client *http.Client, servers []string) (int64, error) {
	for _, server := range servers {
		resp, err := client.Get(server)
		if err != nil {
			continue
		}
		defer resp.Body.Close() // want `runs when FirstAnswer returns, not at the end of each iteration: every iteration's resp.Body stays open`
		if resp.StatusCode != http.StatusOK {
			continue
		}
		return resp.ContentLength, nil
	}
	return 0, os.ErrNotExist
}

// Attempt tries one or two modes, from lists written here: its defers stay few.
func Attempt(ctx context.Context, dial func(context.Context, string) error, both bool) error {
	var modes []string
	if both {
		modes = []string{"fast", "safe"}
	} else {
		modes = []string{"safe"}
	}
	for _, mode := range modes {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		if err := dial(ctx, mode); err != nil {
			continue
		}
		return nil
	}
	return os.ErrDeadlineExceeded
}

type session struct {
	conn net.Conn
	name string
}

// DialAll keeps every connection for after the loop, inside the values it stores: each must stay
// open until DialAll's caller is done with the sessions, which the defers (at DialAll's end) allow.
func DialAll(addrs []string, use func([]session, []*bufio.Reader)) error {
	var sessions []session
	readers := make([]*bufio.Reader, len(addrs))
	for i, addr := range addrs {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			return err
		}
		defer conn.Close()
		sessions = append(sessions, session{conn: conn, name: addr})
		readers[i] = bufio.NewReader(conn)
	}
	use(sessions, readers)
	return nil
}

// Stagger starts one dial per address, each a little later than the one before: the timers
// are the schedule, and stopping them when Stagger returns cancels the dials not yet started.
func Stagger(addrs []string, dial func(string)) {
	for i, addr := range addrs {
		addr := addr
		timer := time.AfterFunc(time.Duration(i)*100*time.Millisecond, func() { dial(addr) })
		defer timer.Stop()
	}
	time.Sleep(time.Second)
}

// Shards gives every shard a pooled buffer that the writers after the loop fill: a slice of
// the buffer kept in what outlives the iteration keeps the buffer too.
func Shards(n int, get func() []byte, put func([]byte), fill func([]*bytes.Buffer)) {
	shards := make([]*bytes.Buffer, n)
	for i := range shards {
		buf := get()
		shards[i] = bytes.NewBuffer(buf[:0])
		defer put(buf)
	}
	fill(shards)
}

// WaitFor subscribes lazily, the first time round: the branch runs once, so one deferred
// Unsubscribe waits for the function's end.
func WaitFor(ready func() bool, subscribe func(chan struct{}) interface{ Unsubscribe() }) {
	var notify chan struct{}
	start := func() interface{ Unsubscribe() } {
		notify = make(chan struct{}, 1)
		return subscribe(notify)
	}
	for !ready() {
		if notify == nil {
			sub := start()
			defer sub.Unsubscribe()
		}
		<-notify
	}
}
