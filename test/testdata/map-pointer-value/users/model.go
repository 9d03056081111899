package users

import "time"

// User is small and holds no pointers: 48 bytes.
type User struct {
	ID      int64
	Age     int32
	Score   float64
	Created int64
	Flags   [8]byte
	Active  bool
}

// Session holds strings: values with pointers are not a finding.
type Session struct {
	Token  string
	UserID int64
}

// Profile is large: 256 bytes inline would cost more than a pointer.
type Profile struct {
	ID    int64
	Stats [31]int64
}

// Counter is mutated in place through the map's pointers.
type Counter struct {
	Hits int64
	Last int64
}

// Quota is changed through a pointer-receiver method.
type Quota struct {
	Used, Limit int64
}

func (q *Quota) Spend(n int64) { q.Used += n }

// Limits nests a struct and an array of a named integer type.
type Limits struct {
	Window time.Duration
	Burst  [4]Level
	Inner  struct{ A, B uint16 }
}

type Level uint8
