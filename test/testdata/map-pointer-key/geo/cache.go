package geo

// tiles is keyed by pointers, and every index builds a new one.
var tiles = map[*tileKey][]byte{}

func StoreTile(zoom uint8, x, y uint32, data []byte) {
	tiles[&tileKey{Zoom: zoom, X: x, Y: y}] = data // want `&tileKey\{\.\.\.\} is a freshly allocated key of tiles: pointer keys compare by address, no lookup can find this entry again and the map only grows; key the map by tileKey values`
}

func LoadTile(zoom uint8, x, y uint32) ([]byte, bool) {
	data, ok := tiles[&tileKey{Zoom: zoom, X: x, Y: y}] // want `&tileKey\{\.\.\.\} is a freshly allocated key of tiles: pointer keys compare by address, this lookup can never find an entry`
	return data, ok
}

func DropTile(zoom uint8, x, y uint32) {
	delete(tiles, &tileKey{Zoom: zoom, X: x, Y: y})
}

func TileCount() int { return len(tiles) }

// Grid keeps a field keyed by pointers; a local holds the fresh key.
type Grid struct {
	cells map[*cellKey]float64
}

func NewGrid() *Grid {
	return &Grid{cells: make(map[*cellKey]float64)}
}

func (g *Grid) Add(x, y int32, v float64) {
	k := &cellKey{X: x, Y: y}
	g.cells[k] += v // want `k \(&cellKey\{\.\.\.\}\) is a freshly allocated key of g.cells: pointer keys compare by address, no lookup can find this entry again`
}

func (g *Grid) At(x, y int32) float64 {
	k := new(cellKey)
	k.X, k.Y = x, y
	return g.cells[k] // want `k \(new\(cellKey\)\) is a freshly allocated key of g.cells: pointer keys compare by address, this lookup can never find an entry`
}

func (g *Grid) Sum() float64 {
	total := 0.0
	for k, v := range g.cells {
		if k.X >= 0 {
			total += v
		}
	}
	return total
}

// Not fixable: filterKey holds a slice, so it cannot key a map by value.
var filters = map[*filterKey]int{}

func Matches(tags []string) int {
	return filters[&filterKey{Tags: tags}] // want `&filterKey\{\.\.\.\} is a freshly allocated key of filters`
}

// Not fixable: routes is declared in another file.
func Route(from, to string) string {
	return routes[&routeKey{From: from, To: to}] // want `&routeKey\{\.\.\.\} is a freshly allocated key of routes`
}

// Not findings: pointer-keyed maps indexed with existing pointers.
func Reachable(start *Node) int {
	visited := map[*Node]bool{}
	var walk func(n *Node)
	walk = func(n *Node) {
		if visited[n] {
			return
		}
		visited[n] = true
		for _, e := range n.Edges {
			walk(e)
		}
	}
	walk(start)
	return len(visited)
}

// Not a finding: the fresh pointer is kept elsewhere and looked up again through it.
func Register(nodes []*Node) map[*Node]int {
	order := map[*Node]int{}
	for i := range nodes {
		n := &Node{ID: i}
		order[n] = i
		nodes[i] = n
	}
	return order
}

// Not fixable, still a finding: visited also sees existing pointers.
func Probe(visited map[*Node]bool, id int) bool {
	return visited[&Node{ID: id}] // want `&Node\{\.\.\.\} is a freshly allocated key of visited`
}

type ID int

var names = map[*ID]string{}

// Reported, but new(ID) has no composite zero value to rewrite to: no fix.
func Name() string {
	return names[new(ID)] // want `^Key the map by ID values\. new\(ID\) is a freshly allocated key of names: pointer keys compare by address, this lookup can never find an entry\.$`
}
