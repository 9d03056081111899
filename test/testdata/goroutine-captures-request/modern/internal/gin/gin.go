// Package gin is a minimal stand-in for github.com/gin-gonic/gin: just the shapes the rule reads.
package gin

import "net/http"

type Context struct {
	Request *http.Request
	Keys    map[string]any
}

// Copy returns a copy that is safe to use outside the request's lifetime.
func (c *Context) Copy() *Context {
	copied := *c
	return &copied
}

func (c *Context) Param(key string) string { return c.Keys[key].(string) }

func (c *Context) JSON(code int, obj any) {}
