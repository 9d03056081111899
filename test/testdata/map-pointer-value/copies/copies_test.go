package copies

import "testing"

// Not findings: on Go 1.22 each &p is one allocation per entry, which a test does not keep.
func TestIndexPoints(t *testing.T) {
	seen := map[int32]*Point{}
	for _, p := range []Point{{X: 1}, {X: 2}} {
		seen[p.X] = &p
	}
	for _, p := range []Point{{X: 3}} {
		c := p
		seen[c.X] = &c
	}
	if len(seen) != 3 {
		t.Fatal(len(seen))
	}
}
