package legacy

type Point struct{ X, Y int }

var byName = map[string]*Point{} // want `byName holds \*Point values \(16 bytes, no pointers\)`

// Before Go 1.22 the loop variable is shared: every entry ends up pointing at the last point.
func Load(names []string, points []Point) {
	for i, p := range points {
		byName[names[i]] = &p // want `&p stores the address of range variable p in byName: before Go 1.22 every entry points to the same variable`
	}
}

// Labels before Go 1.22: over a map too, every entry points at the one shared variable.
func Labels(in map[string]string) map[string]*string {
	out := make(map[string]*string, len(in))
	for k, v := range in {
		out[k] = &v // want `&v stores the address of range variable v in out: before Go 1.22 every entry points to the same variable`
	}
	return out
}

// LabelsCopied copies each element first, the idiom before Go 1.22: each entry its own string,
// and no element of a map to point at instead. Not a finding.
func LabelsCopied(in map[string]string) map[string]*string {
	out := make(map[string]*string, len(in))
	for k, v := range in {
		vv := v
		out[k] = &vv
	}
	return out
}
