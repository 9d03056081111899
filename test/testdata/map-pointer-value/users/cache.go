package users

import "sync"

// Long-lived, pointers to small pointer-free values: every entry is its own allocation.
var byID = map[int64]*User{} // want `^Use map\[int64\]User: it stores them inline, and with no pointers in key or value the GC skips the whole map\. byID holds \*User values \(48 bytes, no pointers\)`

var limits = make(map[string]*Limits) // want `^Use map\[string\]Limits: it stores them inline in the map's buckets\. limits holds \*Limits values \(16 bytes, no pointers\)`

// A package-level struct value with a pointer map field.
var registry struct {
	mu    sync.Mutex
	users map[int64]*User // want `registry.users holds \*User values`
}

// Not findings: values with pointers, large values, values mutated in place.
var sessions = map[string]*Session{}

var profiles = map[int64]*Profile{}

var counters = map[string]*Counter{}

var quotas = map[string]*Quota{}

var tallies map[string]*Counter

func Put(u *User) {
	byID[u.ID] = u
	registry.mu.Lock()
	registry.users[u.ID] = u
	registry.mu.Unlock()
}

func Hit(key string, now int64) {
	c := counters[key]
	c.Hits++
	c.Last = now
}

func Spend(key string, n int64) {
	quotas[key].Spend(n)
}

func Tally(key string) {
	tallies[key].Hits++
}

func Lookup(token string) (*Session, *Profile, *Limits) {
	return sessions[token], profiles[0], limits[token]
}
