// Package fasthttp is a minimal stand-in for github.com/valyala/fasthttp.
package fasthttp

type Request struct{ body []byte }

func (r *Request) Body() []byte { return r.body }

type RequestCtx struct {
	Request Request
	path    []byte
}

func (ctx *RequestCtx) Path() []byte      { return ctx.path }
func (ctx *RequestCtx) PostBody() []byte  { return ctx.Request.body }
func (ctx *RequestCtx) SetStatusCode(int) {}
