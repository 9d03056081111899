// Package echo is the part of github.com/labstack/echo/v4 the test data uses.
package echo

import "net/http"

// Response wraps the http.ResponseWriter.
type Response struct {
	http.ResponseWriter
}

// Context carries one request.
type Context interface {
	Request() *http.Request
	Response() *Response
	String(code int, s string) error
}
