package frameworks

import (
	"log"
	"net/http"

	"example.com/modern/internal/echo"
	"example.com/modern/internal/fasthttp"
	"example.com/modern/internal/gin"
)

type Mailer struct{}

func (m *Mailer) Welcome(c *gin.Context) { log.Println(c.Param("user")) }

func (m *Mailer) Send(to, path string) { log.Println(to, path) }

func notify(c *gin.Context) { log.Println(c.Request.URL.Path) }

// gin reuses its Context: the goroutine must work on c.Copy().
func signup(m *Mailer) func(*gin.Context) {
	return func(c *gin.Context) {
		go func() {
			m.Welcome(c) // want `The goroutine uses gin context c: gin reuses the context for another request`
			log.Printf("welcomed %s", c.Param("user"))
		}()
		c.JSON(http.StatusAccepted, nil)
	}
}

func signupNotify(c *gin.Context) {
	go notify(c) // want `The goroutine receives gin context c: gin reuses the context`
	c.JSON(http.StatusAccepted, nil)
}

// Not a finding: the documented gin pattern.
func signupCopied(m *Mailer) func(*gin.Context) {
	return func(c *gin.Context) {
		cCp := c.Copy()
		go func() {
			m.Welcome(cCp)
		}()
		go notify(c.Copy())
		c.JSON(http.StatusAccepted, nil)
	}
}

// echo puts its context back into a pool after the handler: no mechanical fix.
func echoHandler(m *Mailer) func(echo.Context) error {
	return func(c echo.Context) error {
		go func() {
			m.Send(c.Param("email"), c.Request().URL.Path) // want `The goroutine uses echo context c: echo returns the context`
		}()
		return c.String(http.StatusAccepted, "queued")
	}
}

// Not a finding: values copied out of the echo context first.
func echoCopied(m *Mailer) func(echo.Context) error {
	return func(c echo.Context) error {
		email, path := c.Param("email"), c.Request().URL.Path
		go m.Send(email, path)
		return c.String(http.StatusAccepted, "queued")
	}
}

// fasthttp hands out views into buffers it reuses for the next request.
func fastHandler(m *Mailer) func(*fasthttp.RequestCtx) {
	return func(ctx *fasthttp.RequestCtx) {
		go func() {
			m.Send("ops", string(ctx.Path())) // want `The goroutine uses \*fasthttp.RequestCtx ctx: fasthttp reuses the context and its buffers`
		}()
		body := ctx.PostBody()
		go log.Printf("%s", body) // want `The goroutine receives body of \*fasthttp.RequestCtx ctx`
		ctx.SetStatusCode(http.StatusAccepted)
	}
}

// Not a finding: string(...) copies the bytes before go.
func fastCopied(m *Mailer) func(*fasthttp.RequestCtx) {
	return func(ctx *fasthttp.RequestCtx) {
		go m.Send("ops", string(ctx.Path()))
		ctx.SetStatusCode(http.StatusAccepted)
	}
}

// Plain net/http, fields only: the fix hoists them and needs no newer Go.
func track(m *Mailer) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		go m.Send(r.FormValue("email"), r.URL.Path)
		go func() {
			m.Send(r.FormValue("email"), r.URL.Path) // want `The goroutine uses r.FormValue\("email"\) of request r`
		}()
		w.WriteHeader(http.StatusAccepted)
	}
}

// Not a finding: a client-side RoundTripper owns its request; nothing ends when RoundTrip returns.
type loggingTransport struct{ next http.RoundTripper }

func (t loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	go log.Printf("sending %s %s", req.Method, req.URL)
	go func() {
		log.Printf("sent %v", req.URL)
	}()
	return t.next.RoundTrip(req)
}

// Not a finding: a watcher that ends when the request's context is done.
func stream(w http.ResponseWriter, r *http.Request) {
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-r.Context().Done():
			log.Printf("client left %s", r.URL.Path)
		case <-stop:
		}
	}()
	w.WriteHeader(http.StatusOK)
}
