// Package gin is the part of github.com/gin-gonic/gin the test data uses.
package gin

import (
	"io"
	"net/http"
)

// Context carries one request.
type Context struct {
	Request *http.Request
	Writer  http.ResponseWriter
}

// GetRawData reads the whole body.
func (c *Context) GetRawData() ([]byte, error) { return io.ReadAll(c.Request.Body) }

// String writes a response.
func (c *Context) String(code int, s string) { c.Writer.WriteHeader(code) }
