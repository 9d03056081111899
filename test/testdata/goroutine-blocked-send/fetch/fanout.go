package fetch

// First asks every mirror and keeps the first answer: the other goroutines block forever.
func First(mirrors []string, get func(string) string) string {
	answers := make(chan string)
	for _, m := range mirrors {
		go func(m string) {
			answers <- get(m) // want `goroutines started in a loop send on unbuffered answers, but First receives only once \(the first answer wins\)`
		}(m)
	}
	return <-answers
}

// Race runs n tries and takes the first.
func Race(n int, try func(int) error) error {
	errs := make(chan error)
	for i := 0; i < n; i++ {
		go func(i int) {
			errs <- try(i) // want `goroutines started in a loop send on unbuffered errs, but Race receives only once`
		}(i)
	}
	return <-errs
}

// Pair starts two goroutines and takes one answer.
func Pair(a, b func() int) int {
	c := make(chan int)
	go func() { c <- a() }() // want `2 goroutines send on unbuffered c, but Pair receives only once`
	go func() { c <- b() }()
	return <-c
}

// All receives as many values as goroutines: not a finding.
func All(mirrors []string, get func(string) string) []string {
	answers := make(chan string)
	for _, m := range mirrors {
		go func(m string) {
			answers <- get(m)
		}(m)
	}
	var out []string
	for range mirrors {
		out = append(out, <-answers)
	}
	return out
}

// Sized has room for every goroutine: not a finding.
func Sized(mirrors []string, get func(string) string) string {
	answers := make(chan string, len(mirrors))
	for _, m := range mirrors {
		go func(m string) {
			answers <- get(m)
		}(m)
	}
	return <-answers
}

// Both receives twice from two goroutines: not a finding.
func Both(a, b func() int) int {
	c := make(chan int)
	go func() { c <- a() }()
	go func() { c <- b() }()
	return <-c + <-c
}
