package copies

// Counter is small and pointer-free: kept by value, a map of them needs no allocation per entry.
type Counter struct {
	Ready, Blocked int
}

// Stats is part of the package's API: its callers read ByName as a map of pointers.
type Stats struct {
	ByName map[string]*Counter
}

// Not a finding: each counter is cloned on purpose into a map whose type the package exports;
// keeping values would change Stats for every caller.
func (s *Stats) Clone() *Stats {
	out := &Stats{ByName: make(map[string]*Counter, len(s.ByName))}
	for name, c := range s.ByName {
		copied := *c
		out.ByName[name] = &copied
	}
	return out
}

// registry's map is the package's own: values would do.
type registry struct {
	byName map[string]*Counter
}

func (r *registry) copyFrom(src map[string]*Counter) {
	for name, c := range src {
		copied := *c
		r.byName[name] = &copied // want `&copied stores the address of a copy of \*c in r.byName`
	}
}
