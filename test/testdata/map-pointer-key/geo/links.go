package geo

// peer is known by its identity: several maps key the same *peer.
type peer struct {
	addr string
}

type mesh struct {
	active map[*peer]struct{}
	weight map[*peer]int
}

// Not a finding: p keys two maps, so ranging over m.active finds its weight by the same pointer.
func (m *mesh) join(addr string, w int) {
	p := &peer{addr: addr}
	m.active[p] = struct{}{}
	m.weight[p] = w
}

// total looks up every active peer's weight through the pointers the maps share.
func (m *mesh) total() int {
	sum := 0
	for p := range m.active {
		sum += m.weight[p]
	}
	return sum
}
