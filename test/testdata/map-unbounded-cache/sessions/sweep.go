package sessions

import "time"

// sweep evicts entries older than a minute.
func sweep(now time.Time) {
	for addr, at := range pruned {
		if now.Sub(at) > time.Minute {
			delete(pruned, addr)
		}
	}
}

func resetCounts() {
	swapped = make(map[string]int)
}
