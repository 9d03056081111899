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

/** A handler whose goroutine is the innermost argument of `depth` nested calls. */
export function nestedCalls(depth: number): string {
  return `package p

import "net/http"

func f(x any) any { return x }

func H(w http.ResponseWriter, r *http.Request) {
\t_ = ${'f('.repeat(depth)}func() any { go func() { _ = r.Context() }(); return nil }()${')'.repeat(depth)}
}
`;
}

/**
 * `terms` terms of `+` chains, ten a line: half as uintptr offsets added to a pointer (the unsafe
 * rules follow the chain), half as a plain sum.
 */
export function plusChain(terms: number): string {
  const chain = Array.from({ length: terms / 2 }, (_, i) => `v${i % 100}${i % 10 === 9 ? ' +\n\t\t' : ' + '}`).join('');
  return `package p

import "unsafe"

type T struct{ n int }

func F(p *T, ${Array.from({ length: 100 }, (_, i) => `v${i}`).join(', ')} uintptr) (unsafe.Pointer, uintptr) {
\tq := unsafe.Pointer(uintptr(unsafe.Pointer(p)) + ${chain}0)
\tx := ${chain}0
\treturn q, x
}
`;
}

/**
 * A function with lines `characters` long, in shapes that make text hints scan them: a name
 * list assigned fresh allocations and used as map keys, unclosed `&T[` indexes and `map[[` types
 * (in raw strings: hints read them, the parser recovers from no error), repeated names with `=`
 * and `,` (values assigned later on the line), and `var`/`type` words followed by comments.
 */
export function longLines(characters: number): string {
  const fill = (unit: string) => unit.repeat(Math.ceil(characters / unit.length)).slice(0, characters);
  return `package p

import "unsafe"

type T struct{ a int }

var m = map[*T]int{}

func F(a, b *T, c uintptr) {
\t${fill('a, ')}b := &T{}, &T{}
\tm[b] = 1
\t_ = \`${fill('&a[')}\`
\t_ = \`${fill('map[[')}\`
\t_ = ${fill('a, a = a, ')}unsafe.Pointer(c)
\t${fill('a, b, ')}
\t/* ${fill('type /* */ // var ')} */
\tm[a] = ${fill('new(T), ')}
}
`;
}
