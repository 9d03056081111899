// Package consume shows the same loops in a Go 1.23 module: timers are collected, nothing to report.
package consume

import (
	"context"
	t "time"
)

// Consume drains jobs until a minute passes without one.
func Consume(jobs <-chan func(), quit <-chan struct{}) {
	for {
		select {
		case job := <-jobs:
			job()
		case <-t.After(t.Minute):
			return
		case <-quit:
			return
		}
	}
}

// Relay forwards messages, giving up on a slow receiver after idle.
func Relay(ctx context.Context, in <-chan string, out chan<- string, idle t.Duration) error {
	for msg := range in {
		select {
		case out <- msg:
		case at := <-t.After(idle):
			_ = at
			return context.DeadlineExceeded
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Poll checks without blocking: a timer per turn that never gets to fire.
func Poll(ready func() bool, wait t.Duration) {
	for !ready() {
		timeout := t.After(wait)
		select {
		case <-timeout:
		default:
		}
	}
}

// PerItem needs a duration that changes per item: reported, but the fix would move it.
func PerItem(items []t.Duration, done <-chan struct{}) {
	for _, d := range items {
		select {
		case <-t.After(d):
		case <-done:
			return
		}
	}
}

// --- Not findings ---

// Sleep waits for the timer in every iteration: each one fires.
func Sleep(n int) {
	for i := 0; i < n; i++ {
		select {
		case <-t.After(t.Millisecond):
		}
	}
}

// Once is outside any loop.
func Once(result <-chan int) int {
	select {
	case v := <-result:
		return v
	case <-t.After(t.Second):
		return -1
	}
}

type clock struct{}

func (clock) After(d t.Duration) <-chan t.Time { return nil }

// Fake uses another package's After.
func Fake(c clock, in <-chan int) {
	for {
		select {
		case <-in:
		case <-c.After(t.Second):
			return
		}
	}
}
