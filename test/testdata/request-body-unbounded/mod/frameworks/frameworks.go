// Package frameworks serves with gin and echo.
package frameworks

import (
	"encoding/json"
	"io"

	"example.com/mod/internal/echo"
	"example.com/mod/internal/gin"
)

// maxUploadBytes is the largest upload the service takes.
const maxUploadBytes = 8 << 20

// Raw reads the body through gin.
func Raw(c *gin.Context) {
	data, err := c.GetRawData() // want `Raw reads the whole request body into memory \(c.GetRawData\(\)\) with no http.MaxBytesReader or io.LimitReader on c.Request.Body first`
	if err != nil {
		c.String(400, err.Error())
		return
	}
	c.String(200, string(data))
}

// GinRead reads c.Request.Body.
func GinRead(c *gin.Context) {
	data, _ := io.ReadAll(c.Request.Body) // want `GinRead reads the whole request body`
	c.String(200, string(data))
}

// EchoDecode decodes c.Request().Body.
func EchoDecode(c echo.Context) error {
	var v map[string]string
	if err := json.NewDecoder(c.Request().Body).Decode(&v); err != nil { // want `EchoDecode reads the whole request body into memory \(json.NewDecoder\(...\).Decode\) with no http.MaxBytesReader or io.LimitReader on c.Request\(\).Body first`
		return err
	}
	return c.String(200, v["name"])
}
