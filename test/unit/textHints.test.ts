import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { lintFiles } from '../../src/cli/lintRunner';
import { lazySourceFile } from '../../src/core/lazySource';
import { insertedNames, mayDeclare, mayDeclareField, mayReceiveValue, packageVarNames } from '../../src/core/textFacts';
import { Linter } from '../../src/core/linter';
import type { Finding } from '../../src/core/rule';
import { ALL_RULE_IDS, ALL_RULES, EVERY_RULE } from '../../src/core/rules';
import { DEFER_IN_LOOP_BODY, inOneFunction, localAssignedThenUsed } from '../../src/core/textHints';
import { collectGoFiles } from '../../src/core/workspace';
import { stdlibRoots, stdlibSource } from '../../scripts/stdlibCounts';

const TESTDATA = path.resolve(__dirname, '..', '..', '..', 'test', 'testdata');

function ruleHint(id: string) {
  const hint = ALL_RULES.find((rule) => rule.meta.id === id)?.textHint;
  assert.ok(hint, `${id} has a text hint`);
  return hint;
}

describe('text hints', function () {
  this.timeout(300_000);

  it('inOneFunction wants every pattern inside one top-level function', () => {
    const hint = inOneFunction(/\bgo\s/, /Request/);
    assert.strictEqual(hint.test('package p\n\nfunc a(r *http.Request) {\n\tgo f()\n}\n'), true);
    assert.strictEqual(hint.test('package p\n\nfunc a(r *http.Request) {}\n\nfunc b() {\n\tgo f()\n}\n'), false);
    assert.strictEqual(hint.test('package p\n\nfunc b() {\n\tgo f()\n}\n'), false);
  });

  it('DEFER_IN_LOOP_BODY wants a defer inside a for statement\'s braces, past literals and comments', () => {
    const holds = (body: string) => DEFER_IN_LOOP_BODY.test(`package p\n\nfunc f(xs []T) {\n${body}\n}\n`);
    assert.strictEqual(holds('for _, x := range xs {\n\tdefer x.Close()\n}'), true);
    assert.strictEqual(holds('for _, x := range []T{a, b} {\n\tif x != nil {\n\t\tdefer x.Close()\n\t}\n}'), true);
    assert.strictEqual(holds('for {\n\tgo func() {\n\t\tdefer wg.Done()\n\t}()\n}'), true);
    assert.strictEqual(holds('for {\n\ts := "}}"\n\tr := \'}\'\n\t// }\n\t/* } */\n\tq := `}`\n\tdefer x.Close()\n}'), true);
    // The defer after the loop, before it, in another function, or the words only in comments and strings.
    assert.strictEqual(holds('for _, x := range xs {\n\tuse(x)\n}\ndefer f.Close()'), false);
    assert.strictEqual(holds('defer f.Close()\nfor _, x := range xs {\n\tuse(x)\n}'), false);
    assert.strictEqual(DEFER_IN_LOOP_BODY.test('package p\n\nfunc a() {\n\tfor {\n\t}\n}\n\nfunc b() {\n\tif x {\n\t\tdefer f()\n\t}\n}\n'), false);
    assert.strictEqual(holds('for {\n\t// defer x.Close()\n\ts := "defer"\n}'), false);
  });
  it('localAssignedThenUsed reads names from single, multiple and var assignments, in the same function only', () => {
    const hint = localAssignedThenUsed(/&\s*\w+\{/u, /\[\s*(\w+)\s*\]/u);
    assert.strictEqual(hint.test('func f() {\n\tk := &T{}\n\t_ = m[k]\n}\n'), true);
    assert.strictEqual(hint.test('func f() {\n\ta, k := 1, &T{}\n\t_ = m[ k ]\n}\n'), true);
    assert.strictEqual(hint.test('func f() {\n\tvar k = &T{}\n\t_ = m[k]\n}\n'), true);
    assert.strictEqual(hint.test('func f() {\n\tif k := &T{}; m[k] {\n\t}\n}\n'), true);
    assert.strictEqual(hint.test('func f() {\n\tk :=\n\t\t&T{}\n\t_ = m[k]\n}\n'), true);
    assert.strictEqual(hint.test('func f() {\n\tk := &T{}\n}\n\nfunc g() {\n\t_ = m[k]\n}\n'), false);
    assert.strictEqual(hint.test('func f() {\n\tk := &t\n\t_ = m[k]\n}\n'), false);
    assert.strictEqual(hint.test('func f() {\n\tok := k == &T{}\n\t_ = m[k]\n}\n'), false);
  });

  it('map-pointer-key, map-pointer-value and goroutine-captures-request skip files they cannot report on', () => {
    const mapKey = ruleHint('map-pointer-key');
    assert.strictEqual(mapKey.test('func f() {\n\tseen[&T{ID: 1}] = true\n}\n'), true);
    assert.strictEqual(mapKey.test('func f() {\n\tseen[new(T)] = true\n}\n'), true);
    assert.strictEqual(mapKey.test('func f() {\n\tp := &T{}\n\tuse(p)\n\t_ = xs[i]\n}\n'), false);
    const mapValue = ruleHint('map-pointer-value');
    assert.strictEqual(mapValue.test('func f() {\n\tc := *u\n\tm[k] = &c\n}\n'), true);
    assert.strictEqual(mapValue.test('var cache = map[string]*entry{}\n'), true);
    assert.strictEqual(mapValue.test('var cache = map[[4]byte]*entry{}\n'), true);
    assert.strictEqual(mapValue.test('var cache = map[string]entry{}\n\nfunc f() {\n\tm[k] = &T{}\n}\n'), false);
    const goroutine = ruleHint('goroutine-captures-request');
    assert.strictEqual(goroutine.test('func h(w http.ResponseWriter, r *http.Request) {\n\tgo log(r)\n}\n'), true);
    assert.strictEqual(goroutine.test('func h(w http.ResponseWriter, r *http.Request) {\n\tswitch {\n\tcase true: go log(r)\n\t}\n}\n'), true);
    const imports = ALL_RULES.find((rule) => rule.meta.id === 'goroutine-captures-request')!.fileHint!;
    for (const imported of ['import "net/http"', 'import (\n\t"context"\n\t"github.com/gin-gonic/gin"\n)', 'import "github.com/labstack/echo/v4"', 'import fh "github.com/valyala/fasthttp"']) {
      assert.strictEqual(imports.test(`package p\n\n${imported}\n`), true, imported);
    }
    assert.strictEqual(imports.test('package http\n'), true, 'net/http itself');
    assert.strictEqual(imports.test('package p\n\nimport "context"\n\n// See net/http.\n'), false);
    // "go" in a comment is not a go statement.
    assert.strictEqual(goroutine.test('// Handlers go through r *http.Request.\nfunc h(r *http.Request) {}\n'), false);
  });

  it('mayDeclare and mayDeclareField find single, grouped and listed declarations', () => {
    const file = (text: string) => lazySourceFile('/x/a.go', text, () => assert.fail('a text check must not parse')).file;
    assert.strictEqual(mayDeclare(file('package p\n\ntype T struct{}\n'), 'type', 'T'), true);
    assert.strictEqual(mayDeclare(file('package p\n\ntype (\n\tA int\n\tT = A\n)\n'), 'type', 'T'), true);
    assert.strictEqual(mayDeclare(file('package p\n\nfunc f(t T) {}\n'), 'type', 'T'), false);
    assert.strictEqual(mayDeclare(file('package p\n\nconst /* kinds */ (\n\tspecial = iota\n)\n'), 'const', 'special'), true);
    assert.strictEqual(mayDeclare(file('package p\n\nvar a, b, c int\n'), 'var', 'c'), true);
    assert.strictEqual(mayDeclare(file('package p\n\nvar (\n\tx int\n\ty, c = 1, 2\n)\n'), 'var', 'c'), true);
    assert.strictEqual(mayDeclare(file('package p\n\nfunc f() { g(c) }\n'), 'var', 'c'), false);
    // Keywords the top-level jump finds: after a semicolon or a comment, never inside a longer name or a string.
    assert.strictEqual(mayDeclare(file('package p; var shown int\n'), 'var', 'shown'), true);
    assert.strictEqual(mayDeclare(file('package p\n\nfunc f() {}; /* c */ const k = 1\n'), 'const', 'k'), true);
    assert.strictEqual(mayDeclare(file('package p\n\nfunc typevar(x int) {}\nfunc évar(y int) {}\n'), 'var', 'x'), false);
    assert.strictEqual(mayDeclare(file('package p\n\nfunc évar(y int) {}\n'), 'var', 'y'), false);
    assert.strictEqual(mayDeclare(file('package p\n\nimport "type{"\n\ntype T int\n'), 'type', 'T'), true);
    assert.strictEqual(mayDeclareField(file('package p\n\ntype S struct {\n\tA, Data uintptr\n}\n'), 'Data'), true);
    assert.strictEqual(mayDeclareField(file('package p\n\ntype S struct{ n int; Data uintptr }\n'), 'Data'), true);
    assert.strictEqual(mayDeclareField(file('package p\n\ntype S struct{ n int }\n\nfunc f(s S) { use(s.Data) }\n'), 'Data'), false);
  });

  it('packageVarNames finds top-level variables, listed and grouped, past comments, strings and runes, and no local', () => {
    const text = [
      'package p',
      'var single = map[string]int{}',
      'var a, /* note */ b int',
      'var (',
      '\tgrouped = map[string]*T{',
      '\t\t"x": nil,',
      '\t}',
      '\tc, d = 1, f(',
      '\t\t2)',
      '\te string; g = "var notVar {"',
      ')',
      'var r = \'{\'',
      'var /* before */ ( h int )',
      'const notVarConst = 1',
      'func f() {',
      '\tvar local = map[string]int{}',
      '\tfor k := range local {',
      '\t\tvar alsoLocal int',
      '\t}',
      '}',
      'var `raw {` = 1',
      'var after int',
      '',
    ].join('\n');
    const names = packageVarNames({ text });
    for (const name of ['single', 'a', 'b', 'grouped', 'c', 'd', 'e', 'g', 'r', 'h', 'after']) assert.ok(names.has(name), `${name} is a package variable`);
    for (const name of ['local', 'alsoLocal', 'notVar', 'notVarConst', 'k', 'x']) assert.ok(!names.has(name), `${name} is not one`);
    assert.deepStrictEqual([...insertedNames({ text: 'm[k] = v\ncache .Store(k, v)\nx := []int{}\ns.LoadOrStore(1, 2)\nbig [i]++' })].sort(), ['big', 'cache', 'm', 's']);
    // Reads are not inserts; every form of assignment to an index is, brackets and literals inside it stepped over.
    const inserted = (text: string) => [...insertedNames({ text })].sort();
    assert.deepStrictEqual(inserted('v := m[k]\nif seen[k] == nil {}\nf(n[k], 1)\nx := m2[k][j]'), []);
    assert.deepStrictEqual(inserted('a[k] += 1\nb[k]--\nc[f(x[1])] = 2\nd["]"] = 3\ne[k], ok = 1, true\ng[k] <<= 1'), ['a', 'b', 'c', 'd', 'e', 'g']);
    assert.deepStrictEqual(inserted('h[`]` + s] = 1\ni[\'[\'] = 2'), ['h', 'i']);
  });

  it('mayReceiveValue says whether a function could assign a name, looking only at that function', () => {
    const text = 'package p\n\nfunc f(fd int) {\n\tuse(fd)\n}\n\nfunc g() {\n\tvar a,\n\t\tb uintptr = 1, 2\n\tp := uintptr(0)\n\tp += 8\n\tuse(a, b, p)\n}\n';
    const file = lazySourceFile('/x/a.go', text, () => assert.fail('a text check must not parse')).file;
    const inF = text.indexOf('use(fd)');
    const inG = text.indexOf('use(a');
    assert.strictEqual(mayReceiveValue(file, 'fd', inF), false);
    assert.strictEqual(mayReceiveValue(file, 'p', inG), true);
    assert.strictEqual(mayReceiveValue(file, 'a', inG), true, 'a name list going on to the next line');
    assert.strictEqual(mayReceiveValue(file, 'b', inG), true);
    assert.strictEqual(mayReceiveValue(file, 'p', inF), false, 'assigned in g, not in f');
  });

  it('mayDeclare, mayDeclareField and packageVarNames hold for every declaration and field in the test data and the Go standard library', async () => {
    const roots = [TESTDATA];
    const src = stdlibSource();
    if (src) roots.push(...stdlibRoots(src));
    else console.log('      (no Go standard library here: test data only)');
    const linter = await Linter.create();
    let checked = 0;
    for (const file of collectGoFiles(roots)) {
      const text = fs.readFileSync(file, 'utf8');
      const tree = linter.language.parse(text);
      const source = lazySourceFile(file, text, () => tree).file;
      try {
        // A spread of each file's names: every name of a file with thousands of constants would take minutes.
        for (const { keyword, name } of spread(packageLevelNames(tree.rootNode), 25)) {
          checked++;
          assert.ok(mayDeclare(source, keyword, name), `${file}: ${keyword} ${name} is declared but mayDeclare says no`);
        }
        // Every package variable, not a spread: one set per file answers them all.
        const vars = packageVarNames(source);
        for (const { keyword, name } of packageLevelNames(tree.rootNode)) {
          if (keyword !== 'var') continue;
          checked++;
          assert.ok(vars.has(name), `${file}: var ${name} is declared but packageVarNames misses it`);
        }
        for (const name of spread(fieldNames(tree.rootNode), 25)) {
          checked++;
          assert.ok(mayDeclareField(source, name), `${file}: field ${name} is declared but mayDeclareField says no`);
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(checked > (src ? 30_000 : 100), `${checked} declarations checked`);
  });

  it('lose no finding on the Go standard library: the CLI with hints reports what every rule finds without them', async function () {
    const src = stdlibSource();
    if (!src) {
      console.log('      (skipped: no Go standard library on this machine)');
      return this.skip();
    }
    const files = collectGoFiles(stdlibRoots(src));
    const hinted = await lintFiles(files, { only: [...ALL_RULE_IDS] });
    const withoutHints = await Linter.create(ALL_RULES.map((rule) => ({ ...rule, textHint: undefined, fileHint: undefined, matchHint: undefined, packageHint: undefined })));
    const everywhere: string[] = [];
    for (const file of files) {
      const source = withoutHints.parse(file, fs.readFileSync(file, 'utf8'));
      try {
        everywhere.push(...withoutHints.lint(source, EVERY_RULE).findings.map((finding) => key(file, finding)));
      } finally {
        source.tree.delete();
      }
    }
    withoutHints.clearCache();
    const found = hinted.reports.flatMap((report) => report.findings.map((finding) => key(report.file, finding)));
    assert.ok(everywhere.length > 40);
    assert.deepStrictEqual(found, everywhere);
  });
});

/** At most `count` items, evenly spread over the list (first and last included). */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))]);
}

function key(file: string, finding: Finding): string {
  return `${file}:${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.ruleId}`;
}

/** Names declared by top-level type, var and const declarations. */
function packageLevelNames(root: SyntaxNode): { keyword: 'type' | 'var' | 'const'; name: string }[] {
  const names: { keyword: 'type' | 'var' | 'const'; name: string }[] = [];
  const keywords = { type_declaration: 'type', var_declaration: 'var', const_declaration: 'const' } as const;
  for (const declaration of root.namedChildren) {
    const keyword = declaration && keywords[declaration.type as keyof typeof keywords];
    if (!keyword) continue;
    const visit = (node: SyntaxNode) => {
      if (['type_spec', 'type_alias', 'var_spec', 'const_spec'].includes(node.type)) {
        for (const name of node.childrenForFieldName('name')) if (name?.isNamed && name.text !== '_') names.push({ keyword, name: name.text });
        return;
      }
      for (const child of node.namedChildren) if (child) visit(child);
    };
    visit(declaration!);
  }
  return names;
}

/** Names of struct fields anywhere in the file. */
function fieldNames(root: SyntaxNode): string[] {
  return root.descendantsOfType('field_declaration').flatMap((field) => field?.childrenForFieldName('name').flatMap((name) => (name?.isNamed ? [name.text] : [])) ?? []);
}
