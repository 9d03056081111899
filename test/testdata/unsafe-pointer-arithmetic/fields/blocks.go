package fields

// block has a field named like ring's, of another type.
type block struct {
	data []byte
}
