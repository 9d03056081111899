// Package echo is a minimal stand-in for github.com/labstack/echo/v4.
package echo

import "net/http"

type Context interface {
	Request() *http.Request
	Param(name string) string
	String(code int, s string) error
}
