package generic

import "testing"

// Not a finding: a test runs once; putting strings checks the wrapper, not its cost.
func TestPoolRoundTrip(t *testing.T) {
	var words Pool[string]
	words.Put("something")
	if got, ok := words.Get(); ok && got != "something" {
		t.Fatalf("got %q", got)
	}
}

// A benchmark measures allocations: the one each Put makes is part of what it reports.
func BenchmarkPoolLines(b *testing.B) {
	line := make([]byte, 64)
	for i := 0; i < b.N; i++ {
		lines.Put(line) // want `line is a \[\]byte, not a pointer: Pool\[\[\]byte\].Put hands it to the sync.Pool in its field p`
	}
}
