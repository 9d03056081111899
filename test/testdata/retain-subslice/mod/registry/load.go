package registry

import (
	"os"
	"strings"
)

// LoadRoutes reads "name target weight" lines. Each stored field pins the whole file: a
// comment block of a megabyte stays in memory for as long as any route does.
func LoadRoutes(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 3 {
			continue
		}
		name := fields[0]
		routes[name] = Route{Target: fields[1], Weight: strings.Clone(fields[2])} // want `name is a short substring of everything os.ReadFile read on line 11, stored in the package-level map routes` `fields\[1\] is a short substring of everything os.ReadFile read on line 11, stored in the package-level map routes`
	}
	return nil
}

// LoadCopies is the fixed version: every stored string is its own copy.
func LoadCopies(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 3 {
			routes[strings.Clone(fields[0])] = Route{Target: strings.Clone(fields[1]), Weight: strings.Clone(fields[2])}
		}
	}
	return nil
}
