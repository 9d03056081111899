package consume

import (
	"testing"
	"time"
)

// Tests end with the test: a few timers left behind are not a leak.
func TestConsume(t *testing.T) {
	done := make(chan struct{})
	for i := 0; i < 3; i++ {
		select {
		case <-done:
		case <-time.After(time.Second):
		}
	}
}
