package geo

// tileKey and cellKey are comparable structs: fine as map keys by value.
type tileKey struct {
	Zoom uint8
	X, Y uint32
}

type cellKey struct{ X, Y int32 }

// filterKey holds a slice: it cannot be a map key by value.
type filterKey struct {
	Tags []string
}

type routeKey struct{ From, To string }

// routes is declared here and used in cache.go: a fix would have to edit both files.
var routes = map[*routeKey]string{}

type Node struct {
	ID    int
	Edges []*Node
}
