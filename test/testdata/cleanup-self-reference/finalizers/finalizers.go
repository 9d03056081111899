// Package finalizers sets finalizers that keep their objects alive.
package finalizers

import (
	"os"
	rt "runtime"
)

type Resource struct {
	file *os.File
	name string
}

// Open closes the file when the resource is collected, but the closure captures r: never.
func Open(name string) (*Resource, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	r := &Resource{file: f, name: name}
	rt.SetFinalizer(r, func(_ *Resource) {
		r.file.Close() // want `The finalizer set on r refers to r itself: the closure keeps r reachable, so it is never collected and the finalizer never runs`
	})
	return r, nil
}

// OpenNamed names the parameter and still uses the captured variable.
func OpenNamed(name string) *Resource {
	r := &Resource{name: name}
	rt.SetFinalizer(r, func(res *Resource) {
		if res.file != nil {
			r.file.Close() // want `refers to r itself`
		}
	})
	return r
}

// OpenTyped leaves the parameter unnamed.
func OpenTyped(name string) *Resource {
	r := &Resource{name: name}
	rt.SetFinalizer(r, func(*Resource) {
		println("collected", r.name) // want `refers to r itself`
	})
	return r
}

// --- Not findings ---

// Good uses the parameter.
func Good(name string) *Resource {
	r := &Resource{name: name}
	rt.SetFinalizer(r, func(r *Resource) {
		if r.file != nil {
			r.file.Close()
		}
	})
	return r
}

func closeResource(r *Resource) { r.file.Close() }

// Named passes a function declared elsewhere.
func Named(name string) *Resource {
	r := &Resource{name: name}
	rt.SetFinalizer(r, closeResource)
	return r
}

// Other closes over another object, not the one finalized.
func Other(log *os.File, name string) *Resource {
	r := &Resource{name: name}
	rt.SetFinalizer(r, func(x *Resource) {
		log.WriteString(x.name)
	})
	return r
}
