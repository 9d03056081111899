/**
 * Generated Go files of the shapes issue 9 found slow or fatal, sized by a count so tests can
 * compare a shape with a smaller copy of itself. Generated, never committed.
 */

const repeat = (count: number, line: (i: number) => string) => Array.from({ length: count }, (_, i) => line(i)).join('');

/** One function with `pairs` Get/fill/Put sequences: each Put is a finding of two pool rules. */
export function getPutPairs(pairs: number): string {
  return `package p

import (
\t"bytes"
\t"io"
\t"sync"
)

var pool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func F(r io.Reader) {
${repeat(pairs, (i) => `\tb${i} := pool.Get().(*bytes.Buffer)\n\tb${i}.ReadFrom(r)\n\tpool.Put(b${i})\n`)}}
`;
}

/** `stores` functions each hiding a pointer store behind *uintptr: one finding each. */
export function hiddenPointerStores(stores: number): string {
  return `package p

import "unsafe"

type T struct{ n int }

var p *T

${repeat(stores, (i) => `func S${i}(q *T) {\n\t*(*uintptr)(unsafe.Pointer(&p)) = uintptr(unsafe.Pointer(q))\n}\n\n`)}`;
}

/**
 * A composite-literal chain tree-sitter's error recovery needs minutes for (`[]{[]{...`, never
 * closed): about `kilobytes` KB in a file that imports unsafe, so the rules' hints hold.
 */
export function slowToParse(kilobytes: number): string {
  return `package p

import "unsafe"

func F(x *int) unsafe.Pointer {
\ty := ${'[]{'.repeat(Math.round((kilobytes * 1000) / 3))}
\treturn unsafe.Pointer(&x)
}
`;
}

/** A request handler whose goroutine sits inside `depth` nested ifs: rules climb its ancestors. */
export function nestedIfs(depth: number): string {
  return `package p

import "net/http"

func H(w http.ResponseWriter, r *http.Request, x bool) {
${'if x {\n'.repeat(depth)}go func() { _ = r.Context() }()
${'}\n'.repeat(depth)}}
`;
}
