// Package caches keeps user profiles and sessions in process-wide maps, the way many services
// start out, and pays for it in GC work and in memory that never comes back.
package caches

import (
	"sync"
	"time"
)

// Profile is small and holds no pointers: a map of Profile values is invisible to the GC.
type Profile struct {
	ID        int64
	Age       int32
	Plan      uint8
	Score     float64
	UpdatedAt int64
}

// profiles lives as long as the process.
// Bug: map[int64]*Profile makes every entry its own heap object and the GC scan the whole map
// on every cycle; map[int64]Profile would be skipped entirely.
var (
	profilesMu sync.RWMutex
	profiles   = make(map[int64]*Profile, 1<<16)
)

// StoreProfiles caches a batch loaded from the database.
// Bug: with go 1.19 `&p` is the address of the one loop variable: every entry points at the last
// profile of the batch, and each &p of a copy is a separate allocation the map keeps alive.
func StoreProfiles(batch []Profile) {
	profilesMu.Lock()
	defer profilesMu.Unlock()
	for _, p := range batch {
		profiles[p.ID] = &p
	}
}

// StoreProfile caches one profile.
// Bug: copies *p only to store the address of the copy: one more allocation per entry.
func StoreProfile(p *Profile) {
	c := *p
	c.UpdatedAt = time.Now().Unix()
	profilesMu.Lock()
	profiles[p.ID] = &c
	profilesMu.Unlock()
}

// LookupProfile returns a copy, which is all callers need.
func LookupProfile(id int64) (Profile, bool) {
	profilesMu.RLock()
	defer profilesMu.RUnlock()
	p, ok := profiles[id]
	if !ok {
		return Profile{}, false
	}
	return *p, true
}

// ByPlan builds a short-lived index for one report: a local map of pointers is fine here.
func ByPlan(batch []Profile) map[uint8][]*Profile {
	index := make(map[uint8][]*Profile)
	for i := range batch {
		index[batch[i].Plan] = append(index[batch[i].Plan], &batch[i])
	}
	return index
}
