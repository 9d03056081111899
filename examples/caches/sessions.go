package caches

import "sync"

type sessionKey struct {
	tenant string
	userID int64
}

// Session is what a logged-in user carries between requests.
type Session struct {
	Token   string
	Expires int64
}

var (
	sessionsMu sync.Mutex
	sessions   = map[*sessionKey]Session{}
)

// Remember stores a session.
// Bug: the key is a pointer built fresh for this call. Pointer keys compare by address, so no
// later lookup can ever find it, and the map grows with every login until the process dies.
func Remember(tenant string, userID int64, s Session) {
	sessionsMu.Lock()
	defer sessionsMu.Unlock()
	sessions[&sessionKey{tenant: tenant, userID: userID}] = s
}

// Recall looks a session up. Bug: a fresh pointer key never equals a stored one: always a miss.
func Recall(tenant string, userID int64) (Session, bool) {
	key := &sessionKey{tenant: tenant, userID: userID}
	sessionsMu.Lock()
	defer sessionsMu.Unlock()
	s, ok := sessions[key]
	return s, ok
}

// Struct-valued keys compare by content: this is the fix for both functions above.
var sessionsByValue = map[sessionKey]Session{}

func RememberByValue(tenant string, userID int64, s Session) {
	sessionsMu.Lock()
	defer sessionsMu.Unlock()
	sessionsByValue[sessionKey{tenant: tenant, userID: userID}] = s
}
