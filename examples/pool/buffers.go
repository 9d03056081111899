// Package pool renders HTTP responses and log lines with pooled buffers. Several functions
// give buffers back to their pool in a state the next Get must not see.
package pool

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

var responsePool = sync.Pool{
	New: func() any { return new(bytes.Buffer) },
}

// WriteJSON encodes v and writes it as the response body.
// Bug: buf goes back without Reset, so the next response starts with this one's JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	buf := responsePool.Get().(*bytes.Buffer)
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	responsePool.Put(buf)
	return err
}

var builderPool = sync.Pool{
	New: func() any { return new(strings.Builder) },
}

// JoinLabels renders metric labels as key="value" pairs.
// Bug: the deferred Put returns the builder with every label ever rendered still in it.
func JoinLabels(labels map[string]string, order []string) string {
	sb := builderPool.Get().(*strings.Builder)
	defer builderPool.Put(sb)
	for i, key := range order {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(key)
		sb.WriteString(`="`)
		sb.WriteString(labels[key])
		sb.WriteByte('"')
	}
	return sb.String()
}

// Logger formats log lines into buffers borrowed from its own pool.
type Logger struct {
	lines sync.Pool
	out   func([]byte)
}

func NewLogger(out func([]byte)) *Logger {
	return &Logger{
		lines: sync.Pool{New: func() any { return new(bytes.Buffer) }},
		out:   out,
	}
}

// Info writes one line. Bug: the pool is a struct field, the missing Reset is the same.
func (l *Logger) Info(msg string, fields ...string) {
	line := l.lines.Get().(*bytes.Buffer)
	line.WriteString(time.Now().UTC().Format(time.RFC3339))
	line.WriteString(" INFO ")
	line.WriteString(msg)
	for _, field := range fields {
		line.WriteByte(' ')
		line.WriteString(field)
	}
	line.WriteByte('\n')
	l.out(line.Bytes())
	l.lines.Put(line)
}

// Warn is the correct version: resetting right after Get is the accepted idiom.
func (l *Logger) Warn(msg string) {
	line := l.lines.Get().(*bytes.Buffer)
	line.Reset()
	defer l.lines.Put(line)
	line.WriteString(time.Now().UTC().Format(time.RFC3339))
	line.WriteString(" WARN ")
	line.WriteString(msg)
	line.WriteByte('\n')
	l.out(line.Bytes())
}
