package users

// Service lives for the whole program (see defaultService): its pointer map is long-lived.
type Service struct {
	name  string
	index map[int64]*User // want `defaultService.index holds \*User values`
}

var defaultService = &Service{name: "users", index: map[int64]*User{}}

// Not a finding: a map of pointers local to a function is a short-lived index.
func indexByID(users []User) map[int64]*User {
	index := make(map[int64]*User, len(users))
	for i := range users {
		index[users[i].ID] = &users[i]
	}
	return index
}

// The address of a dereferenced copy: one allocation per entry.
func (s *Service) Remember(u *User) {
	c := *u
	s.index[u.ID] = &c // want `&c stores the address of a copy of \*u in s.index: every entry becomes its own heap allocation`
}

// The copy is also read: the fix keeps it and stores the pointer.
func (s *Service) RememberLogged(u *User) int64 {
	snapshot := *u
	s.index[snapshot.ID] = &snapshot // want `&snapshot stores the address of a copy of \*u`
	return snapshot.Created
}

// The copy is changed before it is stored: storing u would change the caller's user. No fix.
func (s *Service) RememberActive(u *User) {
	c := *u
	c.Active = true
	s.index[c.ID] = &c // want `&c stores the address of a copy of \*u`
}

// A range value variable: on Go 1.22 each iteration copies into a new heap object.
func (s *Service) Load(users []User) {
	for _, u := range users {
		s.index[u.ID] = &u // want `&u stores the address of range variable u in s.index: each iteration copies the element into its own heap object`
	}
}

// Not findings: the address of an element, of a fresh value, storing into a slice.
func (s *Service) LoadElements(users []User, out []*User) {
	for i := range users {
		s.index[users[i].ID] = &users[i]
	}
	for i, u := range users {
		c := u
		out[i] = &c
	}
	fresh := User{ID: 1}
	s.index[fresh.ID] = &fresh
}

// Document carries pointers (a string, a slice): a changed copy is a deliberate variant.
type Document struct {
	Title string
	Tags  []string
}

var drafts = map[string]*Document{}

// Not a finding: the copy is changed before it is stored, and the value holds pointers.
func Draft(d *Document, title string) {
	dd := *d
	dd.Title = title
	drafts[title] = &dd
}

// Not a finding: the copy is a snapshot taken before the original changes.
func Publish(d *Document) {
	published := *d
	drafts[d.Title] = &published
	d.Tags = nil
}
