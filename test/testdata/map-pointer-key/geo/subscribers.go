package geo

// subscriber is one listener; the hub keeps the live ones in a set.
type subscriber struct {
	name string
	out  chan string
}

type hub struct {
	subscribers map[*subscriber]struct{}
	counts      map[*subscriber]int
}

// Not a finding: the hub walks its set to reach every subscriber (and removes one by the key it
// got from the walk), so the fresh pointer is the member's identity.
func (h *hub) subscribe(name string) {
	s := &subscriber{name: name, out: make(chan string, 8)}
	h.subscribers[s] = struct{}{}
}

func (h *hub) broadcast(msg string) {
	for s := range h.subscribers {
		select {
		case s.out <- msg:
		default:
			delete(h.subscribers, s)
		}
	}
}

// count is keyed by fresh pointers too, but nothing walks it: no entry can be found again.
func (h *hub) count(name string) {
	s := &subscriber{name: name}
	h.counts[s]++ // want `s \(&subscriber\{\.\.\.\}\) is a freshly allocated key of h.counts: pointer keys compare by address, no lookup can find this entry again`
}
