// Package copies stores addresses of copies of range variables, and keeps two structs with a
// field of the same name.
package copies

// Point is small and holds no pointers.
type Point struct {
	X, Y int32
}

// byName copies each element before storing its address: the same allocation per entry as &v.
func byName(points []Point, names []string) map[string]*Point {
	index := make(map[string]*Point, len(points))
	for i, v := range points {
		c := v
		index[names[i]] = &c // want `&c stores the address of c, a copy of range variable v, in index: each iteration copies the element into its own heap object`
	}
	return index
}

// shifted changes the copy before storing it: a deliberate variant, not the element.
func shifted(points []Point) map[int]*Point {
	index := make(map[int]*Point, len(points))
	for i, v := range points {
		c := v
		c.X++
		index[i] = &c
	}
	return index
}

// elements stores pointers to the elements themselves: nothing is copied.
func elements(points []Point) map[int]*Point {
	index := make(map[int]*Point, len(points))
	for i := range points {
		index[i] = &points[i]
	}
	return index
}

// keys copies the key, not an element: k is not the range value variable.
func keys(points map[int]Point) map[int]*int {
	index := make(map[int]*int, len(points))
	for k := range points {
		c := k
		index[k] = &c
	}
	return index
}

// Registry lives for the program: its map holds pointers to small pointer-free values.
type Registry struct {
	points map[string]*Point // want `registry.points holds \*Point values \(8 bytes, no pointers\)`
}

var registry = &Registry{points: map[string]*Point{}}

// Canvas has a field of the same name that is not a map: it is another field.
type Canvas struct {
	points []Point
}

func (c *Canvas) add(p Point) { c.points = append(c.points, p) }

func remember(name string, p Point) { registry.points[name] = &Point{X: p.X, Y: p.Y} }

// pointerLabels builds the map[string]*string an API asks for from a map of strings. A map's
// elements cannot be pointed at: each copy is the only way to a pointer. Not findings.
func pointerLabels(in map[string]string) map[string]*string {
	out := make(map[string]*string, len(in))
	for k, v := range in {
		out[k] = &v
	}
	return out
}

func pointerLabelsCopied(in map[string]string) map[string]*string {
	out := make(map[string]*string, len(in))
	for k, v := range in {
		vv := v
		out[k] = &vv
	}
	return out
}

// defaultRoutes keeps one route per family out of many messages. Pointing into the slice would
// keep every message alive for the few the map holds: the copies are the smaller cost. Not
// findings, under a condition or after a continue.
func defaultRoutes(routes []Point) map[int32]*Point {
	byFamily := make(map[int32]*Point)
	for _, route := range routes {
		if route.Y == 0 {
			byFamily[route.X] = &route
		}
	}
	return byFamily
}

func defaultRoutesCopied(routes []Point) map[int32]*Point {
	byFamily := make(map[int32]*Point)
	for _, route := range routes {
		if route.Y != 0 {
			continue
		}
		chosen := route
		byFamily[route.X] = &chosen
	}
	return byFamily
}

// A continue of an inner loop skips nothing of the outer one: every element is stored.
func everyRoute(routes []Point, skip []int32) map[int32]*Point {
	byFamily := make(map[int32]*Point)
	for _, route := range routes {
		for _, s := range skip {
			if s == route.X {
				continue
			}
		}
		byFamily[route.X] = &route // want `&route stores the address of range variable route in byFamily: each iteration copies the element`
	}
	return byFamily
}
