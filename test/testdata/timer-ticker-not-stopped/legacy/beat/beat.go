// Package beat pings on tickers.
package beat

import (
	"time"
)

// Heartbeat pings until the first failure, and leaves its ticker running.
func Heartbeat(ping func() error) {
	ticker := time.NewTicker(10 * time.Second) // want `Ticker ticker is never stopped: before Go 1.23 \(go.mod says go 1.22\) a ticker that is not stopped keeps firing and is never collected after Heartbeat returns`
	for range ticker.C {
		if err := ping(); err != nil {
			return
		}
	}
}

// Poll uses time.Tick in a function that returns.
func Poll(ready func() bool) {
	for range time.Tick(time.Second) { // want `time.Tick\(time.Second\) creates a ticker nothing can stop, and Poll can return`
		if ready() {
			return
		}
	}
}

// Wait keeps a Tick channel in a variable.
func Wait(done <-chan struct{}) int {
	n := 0
	tick := time.Tick(time.Second) // want `creates a ticker nothing can stop, and Wait can return`
	for {
		select {
		case <-tick:
			n++
		case <-done:
			return n
		}
	}
}

// Resettable resets its ticker but never stops it.
func Resettable(events <-chan time.Duration) {
	var ticker = time.NewTicker(time.Second) // want `Ticker ticker is never stopped`
	for d := range events {
		ticker.Reset(d)
	}
}

// --- Not findings ---

// Stopped stops its ticker on return.
func Stopped(ping func() error) {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for range ticker.C {
		if ping() != nil {
			return
		}
	}
}

// StoppedLater stops it on the path out.
func StoppedLater(ping func() error) {
	ticker := time.NewTicker(time.Second)
	for range ticker.C {
		if ping() != nil {
			ticker.Stop()
			return
		}
	}
}

// NewPoller hands the ticker to its caller.
func NewPoller() *time.Ticker {
	t := time.NewTicker(time.Minute)
	return t
}

type poller struct{ ticker *time.Ticker }

// Start stores the ticker in a long-lived value.
func (p *poller) Start() {
	t := time.NewTicker(time.Minute)
	p.ticker = t
}

// Forever runs for the life of the process: its ticker is meant to live as long.
func Forever(ping func()) {
	for range time.Tick(time.Minute) {
		ping()
	}
}

// ForeverTicker never returns either.
func ForeverTicker(ping func()) {
	ticker := time.NewTicker(time.Minute)
	for {
		<-ticker.C
		ping()
	}
}

// Throttle may return, but only before the ticker exists: once ticking it never stops, and
// the ticker is busy for good. Not a finding.
func Throttle(enabled bool, refill func()) {
	if !enabled {
		return
	}
	for range time.Tick(time.Second) {
		refill()
	}
}

// Retry returns at the top of a loop that also makes a ticker: a later iteration returns after
// the ticker of an earlier one exists.
func Retry(try func() bool) {
	for {
		if try() {
			return
		}
		tick := time.Tick(time.Second) // want `creates a ticker nothing can stop, and Retry can return`
		<-tick
	}
}
