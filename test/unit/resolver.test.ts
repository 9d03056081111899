import * as assert from 'assert';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { Linter } from '../../src/core/linter';
import { isNamed, isPointerToNamed, Resolver } from '../../src/core/resolver';
import type { SourceFile } from '../../src/core/rule';

/** The package index and resolver (src/core/resolver) answering the questions rules ask. */
describe('package resolver', function () {
  this.timeout(30_000);
  let linter: Linter;
  const trees: SourceFile[] = [];
  before(async () => {
    linter = await Linter.create();
  });
  after(() => trees.forEach((file) => file.tree.delete()));

  function parse(path: string, text: string): SourceFile {
    const file = linter.parse(path, text);
    trees.push(file);
    return file;
  }

  /** A resolver over files; the first is the linted one. */
  function resolverOf(...texts: string[]): Resolver {
    const files = texts.map((text, i) => parse(`/pkg/f${i}.go`, text));
    return new Resolver(files[0], () => files.slice(1));
  }

  /** The expression spelled `expression` inside the function `fn` of the resolver's first file (the last occurrence). */
  function expressionIn(resolver: Resolver, fn: string, expression: string): SyntaxNode {
    const root = resolver.file.tree.rootNode;
    const declaration = root.namedChildren.find((node) => node?.childForFieldName('name')?.text === fn)!;
    assert.ok(declaration, `no function ${fn}`);
    let found: SyntaxNode | undefined;
    const visit = (node: SyntaxNode) => {
      if (node.text === expression && node.isNamed) found = node;
      for (const child of node.namedChildren) if (child) visit(child);
    };
    visit(declaration);
    assert.ok(found, `no ${expression} in ${fn}`);
    return found!;
  }

  it('resolves a field through its owning type when two structs of the package have a field of that name', () => {
    const resolver = resolverOf(
      `package p
import "unsafe"
type ring struct{ data unsafe.Pointer }
func (r *ring) at(off uintptr) unsafe.Pointer { return unsafe.Pointer(uintptr(r.data) + off) }
func use(b *block) []byte { return b.data }`,
      `package p
type block struct{ data []byte }`,
    );
    assert.strictEqual(resolver.typeOf(expressionIn(resolver, 'at', 'r.data')).kind, 'unsafePointer');
    const slice = resolver.typeOf(expressionIn(resolver, 'use', 'b.data'));
    assert.strictEqual(slice.kind, 'slice');
    assert.strictEqual(slice.text, '[]byte');
  });

  it('leaves a selector unknown when its receiver type comes from another package, whatever this package declares', () => {
    const resolver = resolverOf(`package p
import "example.com/other"
type local struct{ data unsafe.Pointer }
func f(o *other.Thing) { _ = o.data }`);
    assert.strictEqual(resolver.typeOf(expressionIn(resolver, 'f', 'o.data')).kind, 'unknown');
  });

  it('recognises sync.Pool, unsafe.Pointer and http.Request however they are imported', () => {
    const resolver = resolverOf(`package p
import (
	s "sync"
	. "net/http"
	u "unsafe"
)
var pool s.Pool
func f(r *Request, p u.Pointer) { _ = pool; _ = r; _ = p }`);
    assert.ok(isNamed(resolver.typeOf(expressionIn(resolver, 'f', 'pool')), 'sync', 'Pool'));
    assert.ok(isPointerToNamed(resolver.typeOf(expressionIn(resolver, 'f', 'r')), 'net/http', 'Request'));
    assert.strictEqual(resolver.typeOf(expressionIn(resolver, 'f', 'p')).kind, 'unsafePointer');
    assert.strictEqual(resolver.spelling(resolver.file, 'sync', 'Pool'), 's.Pool');
  });

  it('types locals, parameters, results, composite literals, conversions, make/new and declared calls', () => {
    const resolver = resolverOf(`package p
import ("bytes"; "io")
type T struct{ n int; buf *bytes.Buffer }
func mk() (*T, error) { return nil, nil }
func f(r io.Reader, xs ...int) {
	t, err := mk()
	b := bytes.NewBuffer(nil)
	data, _ := io.ReadAll(r)
	v := T{}
	m := make(map[string]*T)
	p := new(T)
	s := []byte("x")
	u := uintptr(7)
	for k, e := range m { _, _ = k, e }
	_ = t; _ = err; _ = b; _ = data; _ = v; _ = p; _ = s; _ = u; _ = xs; _ = t.buf
}`);
    const typeText = (expression: string) => resolver.typeOf(expressionIn(resolver, 'f', expression)).text;
    assert.strictEqual(typeText('t'), '*T');
    assert.strictEqual(typeText('err'), 'error');
    assert.strictEqual(typeText('b'), '*bytes.Buffer');
    assert.strictEqual(typeText('data'), '[]byte');
    assert.strictEqual(typeText('v'), 'T');
    assert.strictEqual(typeText('p'), '*T');
    assert.strictEqual(typeText('s'), '[]byte');
    assert.strictEqual(typeText('u'), 'uintptr');
    assert.strictEqual(typeText('k'), 'string');
    assert.strictEqual(typeText('e'), '*T');
    assert.strictEqual(typeText('xs'), '[]int');
    assert.strictEqual(typeText('t.buf'), '*bytes.Buffer');
  });

  it('finds promoted fields of embedded types and methods with their receivers', () => {
    const resolver = resolverOf(`package p
type inner struct{ data []byte }
func (i *inner) Bytes() []byte { return i.data }
type outer struct{ *inner; n int }
func f(o outer) { _ = o.data; _ = o.Bytes() }`);
    assert.strictEqual(resolver.typeOf(expressionIn(resolver, 'f', 'o.data')).text, '[]byte');
    assert.strictEqual(resolver.typeOf(expressionIn(resolver, 'f', 'o.Bytes()')).text, '[]byte');
    const methods = resolver.methodsOf('inner');
    assert.deepStrictEqual(methods.map((m) => [m.name, m.pointerReceiver]), [['Bytes', true]]);
  });

  it('keeps generic type parameters unknown', () => {
    const resolver = resolverOf(`package p
import "sync"
type Pool[T any] struct{ p sync.Pool }
func (q *Pool[T]) Put(x T) { q.p.Put(x) }
func f[T any](x T) { _ = x }`);
    assert.strictEqual(resolver.typeOf(expressionIn(resolver, 'Put', 'x')).kind, 'typeParam');
    assert.ok(isNamed(resolver.typeOf(expressionIn(resolver, 'Put', 'q.p')), 'sync', 'Pool'));
    assert.strictEqual(resolver.typeOf(expressionIn(resolver, 'f', 'x')).kind, 'typeParam');
  });

  it('follows scopes: a shadowing declaration in an inner block, a type switch binding, a select receive', () => {
    const resolver = resolverOf(`package p
func f(x any, ch chan []byte) {
	n := "s"
	{
		n := 3
		_ = n
	}
	switch v := x.(type) {
	case *int:
		_ = v
	}
	select {
	case got := <-ch:
		_ = got
	}
	_ = n
}`);
    const root = resolver.file.tree.rootNode;
    const uses: SyntaxNode[] = [];
    const visit = (node: SyntaxNode) => {
      if (node.type === 'identifier' && node.parent?.type === 'expression_list' && node.parent.parent?.type === 'assignment_statement') uses.push(node);
      for (const child of node.namedChildren) if (child) visit(child);
    };
    visit(root);
    const rhs = uses.filter((use) => use.parent!.parent!.childForFieldName('right')?.id === use.parent!.id);
    assert.deepStrictEqual(rhs.map((use) => resolver.typeOf(use).text), ['int', '*int', '[]byte', 'string']);
  });

  it('computes layouts and comparability through named types', () => {
    const resolver = resolverOf(`package p
type point struct{ x, y int32; tag byte }
type key struct{ name string; ids []int }
func f(p point, k key) {}`);
    const point = resolver.typeOf(expressionIn(resolver, 'f', 'p'));
    assert.deepStrictEqual(resolver.layout(point), { size: 12, align: 4, pointerFree: true });
    assert.strictEqual(resolver.comparable(resolver.typeOf(expressionIn(resolver, 'f', 'k'))), false);
  });
});
