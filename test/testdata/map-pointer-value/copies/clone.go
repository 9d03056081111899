package copies

// Member holds what a clone must not share with its original: a slice.
type Member struct {
	Name  string
	Roles []string
}

// Not a finding: each element of src is copied on purpose, so that the clone shares no Member
// with src (storing m itself would alias them).
func cloneMembers(src map[string]*Member) map[string]*Member {
	dst := make(map[string]*Member, len(src))
	for name, m := range src {
		if m == nil {
			continue
		}
		c := *m
		dst[name] = &c
	}
	return dst
}
