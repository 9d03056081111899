package legacy

type Point struct{ X, Y int }

var byName = map[string]*Point{} // want `byName holds \*Point values \(16 bytes, no pointers\)`

// Before Go 1.22 the loop variable is shared: every entry ends up pointing at the last point.
func Load(names []string, points []Point) {
	for i, p := range points {
		byName[names[i]] = &p // want `&p stores the address of range variable p in byName: before Go 1.22 every entry points to the same variable`
	}
}
