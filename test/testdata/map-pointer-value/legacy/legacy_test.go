package legacy

import "testing"

// Before Go 1.22 a test that stores &p checks the last point only: still reported.
func TestPoints(t *testing.T) {
	seen := map[int]*Point{}
	for _, p := range []Point{{X: 1}, {X: 2}} {
		seen[p.X] = &p // want `&p stores the address of range variable p in seen: before Go 1.22 every entry points to the same variable`
	}
	if seen[1].X != 1 {
		t.Fatal("shared loop variable")
	}
}
