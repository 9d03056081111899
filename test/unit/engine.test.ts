import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GoDocument } from '../../src/core/document';
import { DeclarationCache, LintSettings } from '../../src/core/engine';
import { Linter } from '../../src/core/linter';
import type { Rule, SourceFile } from '../../src/core/rule';
import { ALL_RULES } from '../../src/core/rules';
import { nodeRange } from '../../src/core/syntax';
import { GomemConfiguration, toLintSettings } from '../../src/server/settings';
import { ruleSettings } from '../../scripts/manifest';
import { LineIndex } from '../../src/core/text';
import { goFilesBelow } from '../helpers/goFiles';

const TESTDATA = path.resolve(__dirname, '..', '..', '..', 'test', 'testdata');

describe('rule engine', function () {
  this.timeout(30_000);
  let linter: Linter;
  before(async () => {
    linter = await Linter.create();
  });

  function sourceOf(document: GoDocument, file: string): SourceFile {
    return { path: file, text: document.text, tree: document.tree, lines: document.lineIndex };
  }

  /**
   * An open document linted with one rule as the server does (with a declaration cache): `lint`
   * checks that the cached lint equals a fresh one and counts its findings, `replace` edits the
   * first occurrence of a text.
   */
  function typingSession(file: string, text: string, ruleId: string) {
    const settings: LintSettings = { only: new Set([ruleId]) };
    const document = GoDocument.open(linter.language, text);
    const cache = new DeclarationCache();
    const lint = () => {
      const cached = linter.lint(sourceOf(document, file), settings, undefined, cache);
      assert.deepStrictEqual(cached.findings, linter.lint(sourceOf(document, file), settings).findings);
      return cached.findings.length;
    };
    const replace = (from: string, to: string) => {
      const lines = new LineIndex(document.text);
      const at = document.text.indexOf(from);
      document.applyChanges([{ range: { start: lines.positionAt(at), end: lines.positionAt(at + from.length) }, text: to }]);
    };
    return { document, lint, replace };
  }

  it('reuses unchanged declarations while typing and still equals a full lint at every step', () => {
    const file = path.join(TESTDATA, 'pool-put-without-reset', 'render.go');
    const original = fs.readFileSync(file, 'utf8');
    const document = GoDocument.open(linter.language, original);
    const cache = new DeclarationCache();
    const baseline = linter.lint(sourceOf(document, file), {}, undefined, cache);
    assert.ok(baseline.findings.length >= 4);
    // Insert lines at the top of a function body and inside others, delete a reset, undo it.
    const edits: [string | RegExp, string][] = [
      ['func greet(name string) string {\n', 'func greet(name string) string {\n\t_ = 1\n'],
      ['\tbuf.Reset()\n\tbufPool.Put(buf)\n\treturn s\n}\n\n// Negative: reset right after Get', '\tbufPool.Put(buf)\n\treturn s\n}\n\n// Negative: reset right after Get'],
      ['// Negative: reset right before Put.\n', '// Negative: reset right before Put.\n// a new comment line\n\n'],
      ['package poolreset\n', 'package poolreset\n\n// header\n'],
    ];
    let lintedFully = 0;
    for (const [from, to] of edits) {
      const offset = document.text.indexOf(from as string);
      assert.ok(offset >= 0, `edit anchor not found: ${from}`);
      const lines = new LineIndex(document.text);
      document.applyChanges([{ range: { start: lines.positionAt(offset), end: lines.positionAt(offset + (from as string).length) }, text: to }]);
      const incremental = linter.lint(sourceOf(document, file), {}, undefined, cache);
      const full = linter.lint(sourceOf(document, file));
      assert.deepStrictEqual(incremental.findings, full.findings);
      lintedFully += full.findings.length;
    }
    assert.ok(lintedFully > 0);
    document.dispose();
  });

  it('skips a rule whose text hint the file lacks, and keeps other rules running when one throws', async () => {
    const throwing = {
      meta: { id: 'always-throws', family: 'pool' as const, defaultSeverity: 'warning' as const, description: 'x', docs: 'x', fixable: false },
      query: '(function_declaration) @f',
      check() {
        throw new Error('boom');
      },
    };
    const hinted = { ...throwing, meta: { ...throwing.meta, id: 'needs-hint' }, textHint: /NOT_IN_THE_FILE/ };
    const custom = await Linter.create([throwing, hinted, ...linter.engine.rules]);
    const file = path.join(TESTDATA, 'pool-put-without-reset', 'render.go');
    const source = custom.parse(file, fs.readFileSync(file, 'utf8'));
    const result = custom.lint(source);
    assert.deepStrictEqual(result.ruleErrors.map((error) => error.ruleId), ['always-throws']);
    assert.ok(result.findings.some((finding) => finding.ruleId === 'pool-put-without-reset'));
    source.tree.delete();
  });
  it('follows a package sibling whose text changes, and parses a file linted as a sibling only once', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-siblings-'));
    try {
      const storeFile = path.join(folder, 'store.go');
      const cacheFile = path.join(folder, 'cache.go');
      const storeText = 'package users\n\nfunc remember(src *User) {\n\tcopied := *src\n\tcache[copied.ID] = &copied\n}\n';
      const asMap = 'package users\n\ntype User struct{ ID int }\n\nvar cache = map[int]*User{}\n';
      const asSlice = 'package users\n\ntype User struct{ ID int }\n\nvar cache = make([]*User, 8)\n';
      fs.writeFileSync(storeFile, storeText);
      fs.writeFileSync(cacheFile, asMap);
      const own = await Linter.create(linter.engine.rules.filter((rule) => rule.meta.id === 'map-pointer-value'));
      const lintWithCache = (cacheText: string) => {
        const source = own.parse(storeFile, storeText);
        const result = own.lint(source, {}, (file) => (file === cacheFile ? cacheText : fs.readFileSync(file, 'utf8')));
        source.tree.delete();
        return result.findings.length;
      };
      assert.strictEqual(lintWithCache(asMap), 1);
      assert.strictEqual(lintWithCache(asSlice), 0, 'cache is a slice now: nothing is stored in a map');
      assert.strictEqual(lintWithCache(asMap), 1);
      // Read from disk (the default), a sibling saved with new content is read again.
      const lintFromDisk = () => {
        const source = own.parse(storeFile, storeText);
        const result = own.lint(source);
        source.tree.delete();
        return result.findings.length;
      };
      assert.strictEqual(lintFromDisk(), 1);
      fs.writeFileSync(cacheFile, asSlice);
      assert.strictEqual(lintFromDisk(), 0);
      fs.writeFileSync(cacheFile, asMap);
      assert.strictEqual(lintFromDisk(), 1);
      // cache.go was parsed as store.go's sibling: linting it next reuses that tree, unless its text changed.
      const parse = own.language.parse.bind(own.language);
      let parses = 0;
      own.language.parse = (text, parser) => (parses++, parse(text, parser));
      const sibling = own.parse(cacheFile, asMap);
      assert.strictEqual(sibling.tree.rootNode.text, asMap);
      assert.strictEqual(parses, 0);
      sibling.tree.delete();
      const changed = own.parse(cacheFile, asSlice);
      assert.strictEqual(changed.tree.rootNode.text, asSlice);
      assert.strictEqual(parses, 1);
      changed.tree.delete();
      own.language.parse = parse;
      own.clearCache();
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
  it('tests a declaration rule\'s text hint on each declaration and checks all its matches at once, in order', async () => {
    const calls: Record<string, string[][]> = { alpha: [], beta: [] };
    const namingRule = (id: 'alpha' | 'beta', hint: RegExp): Rule => ({
      meta: { id, family: 'map', defaultSeverity: 'warning', description: id, docs: id, fixable: false },
      textHint: hint,
      query: '(function_declaration name: (identifier) @name) @function',
      check(context, matches) {
        calls[id].push(matches.map((match) => match.captures.name.text));
        for (const match of matches) context.report({ range: nodeRange(match.captures.name), message: `${id} ${match.captures.name.text}` });
      },
    });
    const hinted = await Linter.create([namingRule('alpha', /ALPHA/), namingRule('beta', /^func\s+\w+\(\)\s*{\s*\/\/ BETA/)]);
    const text = [
      'package p',
      'func one() { // ALPHA',
      '}',
      'func two() { // BETA',
      '}',
      'func three() { // BETA ALPHA',
      '}',
      'func four() {}',
      'var BETA, ALPHA = 1, 2',
      'func five() { _ = "ALPHA" }',
      '',
    ].join('\n');
    const document = GoDocument.open(hinted.language, text);
    const cache = new DeclarationCache();
    const first = hinted.lint(sourceOf(document, '/tmp/p/p.go'), {}, undefined, cache);
    assert.deepStrictEqual(calls, { alpha: [['one', 'three', 'five']], beta: [['two', 'three']] });
    assert.deepStrictEqual(first.findings.map((finding) => finding.message), ['alpha one', 'beta two', 'alpha three', 'beta three', 'alpha five']);
    // Typing the hint into a declaration that lacked it brings that declaration in, alone.
    const at = text.indexOf('func four() {}') + 'func four() {'.length;
    const position = new LineIndex(text).positionAt(at);
    document.applyChanges([{ range: { start: position, end: position }, text: ' _ = "ALPHA" ' }]);
    calls.alpha = [];
    calls.beta = [];
    const edited = hinted.lint(sourceOf(document, '/tmp/p/p.go'), {}, undefined, cache);
    assert.deepStrictEqual(calls, { alpha: [['four']], beta: [] });
    assert.deepStrictEqual(edited.findings, hinted.lint(sourceOf(document, '/tmp/p/p.go')).findings);
    assert.ok(edited.findings.some((finding) => finding.message === 'alpha four'));
    document.dispose();
  });

  it('re-lints every declaration when code elsewhere in the package starts or stops deleting from a map', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-facts-'));
    try {
      fs.writeFileSync(path.join(folder, 'go.mod'), 'module example.com/facts\n\ngo 1.21\n');
      const file = path.join(folder, 'cache.go');
      const text = [
        'package facts',
        '',
        'import "net/http"',
        '',
        'var seen = map[string]int{}',
        '',
        'func handle(w http.ResponseWriter, r *http.Request) {',
        '\tseen[r.URL.Path]++',
        '}',
        '',
        'func other() {',
        '\t_ = 1',
        '}',
        '',
      ].join('\n');
      const { document, lint, replace } = typingSession(file, text, 'map-unbounded-cache');
      assert.strictEqual(lint(), 1);
      // Another function of the file starts deleting: the handler's finding goes.
      replace('\t_ = 1', '\tdelete(seen, "x")');
      assert.strictEqual(lint(), 0);
      replace('\tdelete(seen, "x")', '\t_ = 2');
      assert.strictEqual(lint(), 1);
      // A sibling file starts clearing it.
      fs.writeFileSync(path.join(folder, 'reset.go'), 'package facts\n\nfunc reset() { seen = map[string]int{} }\n');
      assert.strictEqual(lint(), 0);
      fs.writeFileSync(path.join(folder, 'reset.go'), 'package facts\n\nfunc reset() {}\n');
      assert.strictEqual(lint(), 1);
      document.dispose();
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('re-lints a handler when another function of the file becomes a body-limit middleware, and again when it stops', () => {
    const file = path.join(os.tmpdir(), 'gomem-no-package', 'handler.go');
    const text = [
      'package api',
      '',
      'import (',
      '\t"io"',
      '\t"net/http"',
      ')',
      '',
      'func upload(w http.ResponseWriter, r *http.Request) {',
      '\tdata, _ := io.ReadAll(r.Body)',
      '\t_ = data',
      '}',
      '',
      'func wrap(next http.Handler) http.Handler {',
      '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {',
      '\t\tnext.ServeHTTP(w, r)',
      '\t})',
      '}',
      '',
    ].join('\n');
    const { document, lint, replace } = typingSession(file, text, 'request-body-unbounded');
    assert.strictEqual(lint(), 1);
    replace('\t\tnext.ServeHTTP', '\t\tr.Body = http.MaxBytesReader(w, r.Body, 1<<20)\n\t\tnext.ServeHTTP');
    assert.strictEqual(lint(), 0);
    replace('\t\tr.Body = http.MaxBytesReader(w, r.Body, 1<<20)\n', '');
    assert.strictEqual(lint(), 1);
    document.dispose();
  });

  it('walks only the declarations holding a file rule\'s match hint, and still checks the whole file at every lint', async () => {
    const seen: string[][] = [];
    const fileRule: Rule = {
      meta: { id: 'gamma', family: 'map', defaultSeverity: 'warning', description: 'gamma', docs: 'gamma', fixable: false },
      scope: 'file',
      textHint: /GAMMA/,
      matchHint: /GAMMA/,
      query: '(call_expression function: (identifier) @callee) @call',
      check(context, matches) {
        seen.push(matches.map((match) => match.captures.callee.text));
        for (const match of matches) context.report({ range: nodeRange(match.captures.call), message: `gamma ${match.captures.callee.text}` });
      },
    };
    const walking = await Linter.create([fileRule]);
    const text = [
      'package p',
      'func one() { first(); GAMMA() }',
      'func two() { skipped() }',
      'var x = later(GAMMA)',
      'func three() { GAMMA(); last() }',
      '',
    ].join('\n');
    const document = GoDocument.open(walking.language, text);
    const cache = new DeclarationCache();
    const first = walking.lint(sourceOf(document, '/tmp/p/p.go'), {}, undefined, cache);
    // One check with every match of the hinted declarations, in document order; `two` is never walked.
    assert.deepStrictEqual(seen, [['first', 'GAMMA', 'later', 'GAMMA', 'last']]);
    assert.strictEqual(first.findings.length, 5);
    // A file rule re-checks the whole file even when an edit touched one declaration.
    const at = text.indexOf('skipped()');
    const position = new LineIndex(text).positionAt(at);
    document.applyChanges([{ range: { start: position, end: position }, text: 'GAMMA(); ' }]);
    seen.length = 0;
    walking.lint(sourceOf(document, '/tmp/p/p.go'), {}, undefined, cache);
    assert.deepStrictEqual(seen, [['first', 'GAMMA', 'GAMMA', 'skipped', 'later', 'GAMMA', 'last']]);
    document.dispose();
  });
  it('re-lints only the edited package-level declaration when just trailing whitespace changed, everything when a token did', async () => {
    const linted: string[] = [];
    const recorder: Rule = {
      meta: { id: 'records-functions', family: 'map', defaultSeverity: 'warning', description: 'x', docs: 'x', fixable: false },
      query: '(function_declaration name: (identifier) @name) (type_declaration (type_spec name: (type_identifier) @name))',
      check(_context, matches) {
        for (const match of matches) linted.push(match.captures.name.text);
      },
    };
    const own = await Linter.create([recorder]);
    const text = 'package p\n\ntype T struct {\n\tA int\n}\n\nfunc one() {}\n\nfunc two() {}\n';
    const document = GoDocument.open(own.language, text);
    const cache = new DeclarationCache();
    own.lint(sourceOf(document, '/tmp/p/p.go'), {}, undefined, cache);
    assert.deepStrictEqual(linted, ['T', 'one', 'two']);
    const endOfField = new LineIndex(text).positionAt(text.indexOf('A int') + 'A int'.length);
    linted.length = 0;
    document.applyChanges([{ range: { start: endOfField, end: endOfField }, text: '  ' }]);
    own.lint(sourceOf(document, '/tmp/p/p.go'), {}, undefined, cache);
    assert.deepStrictEqual(linted, ['T']);
    linted.length = 0;
    document.applyChanges([{ range: { start: endOfField, end: endOfField }, text: '; B int' }]);
    own.lint(sourceOf(document, '/tmp/p/p.go'), {}, undefined, cache);
    assert.deepStrictEqual(linted, ['T', 'one', 'two']);
    document.dispose();
  });
  it('reports long-lived pointer maps as information and stored copies as warnings, unless the user sets a severity', () => {
    const severities = (settings: LintSettings) => {
      const found: string[] = [];
      for (const name of ['cache.go', 'service.go']) {
        const file = path.join(TESTDATA, 'map-pointer-value', 'users', name);
        const source = linter.parse(file, fs.readFileSync(file, 'utf8'));
        for (const finding of linter.lint(source, { ...settings, only: new Set(['map-pointer-value']) }).findings) {
          found.push(`${finding.message.includes(' holds *') ? 'long-lived' : 'copy'}:${finding.severity}`);
        }
        source.tree.delete();
      }
      return [...new Set(found)].sort();
    };
    assert.deepStrictEqual(severities({}), ['copy:warning', 'long-lived:info']);
    assert.deepStrictEqual(severities({ severity: new Map([['map-pointer-value', 'error']]) }), ['copy:error', 'long-lived:error']);
  });
  it('says a file could have findings whenever it has some (text hints hold on whole files), and not for a file no hint matches', () => {
    let withFindings = 0;
    for (const file of goFilesBelow(TESTDATA)) {
      const text = fs.readFileSync(file, 'utf8');
      const source = linter.parse(file, text);
      const { findings } = linter.lint(source);
      source.tree.delete();
      for (const rule of linter.engine.rules) {
        if (!findings.some((finding) => finding.ruleId === rule.meta.id)) continue;
        withFindings++;
        assert.ok(linter.couldReport(file, text, { only: new Set([rule.meta.id]) }), `${rule.meta.id} reports in ${file} but its hints do not match the file and its package`);
      }
    }
    assert.ok(withFindings > 20);
    assert.strictEqual(linter.engine.couldReport('package p\n\nfunc add(a, b int) int { return a + b }\n'), false);
  });

  it('runs an off-by-default rule only when the user turns it on (a setting true, --rule, --all-rules), and says so in the settings', async () => {
    const optIn: Rule = {
      meta: { id: 'delta', family: 'map', defaultSeverity: 'warning', description: 'delta', docs: 'delta', fixable: false, offByDefault: '1 of 3 real-world findings were worth changing.' },
      query: '(function_declaration name: (identifier) @name)',
      check(context, matches) {
        for (const match of matches) context.report({ range: nodeRange(match.captures.name), message: `delta ${match.captures.name.text}` });
      },
    };
    const engineLinter = await Linter.create([optIn]);
    const document = GoDocument.open(engineLinter.language, 'package p\nfunc f() {}\n');
    const lintWith = (configuration: GomemConfiguration | undefined) => engineLinter.lint(sourceOf(document, '/tmp/p/p.go'), toLintSettings(configuration, [optIn])).findings.length;
    assert.strictEqual(lintWith(undefined), 0);
    assert.strictEqual(lintWith({ rules: { delta: { enabled: false } } }), 0);
    assert.strictEqual(lintWith({ rules: { delta: { enabled: true } } }), 1);
    assert.strictEqual(engineLinter.lint(sourceOf(document, '/tmp/p/p.go'), { only: new Set(['delta']) }).findings.length, 1);
    assert.strictEqual(engineLinter.engine.couldReport('package p\nfunc f() {}\n'), false);
    document.dispose();
    // The settings VS Code shows come from the same metadata: off, with the reason.
    const properties = ruleSettings() as Record<string, { default: unknown; markdownDescription: string }>;
    for (const rule of ALL_RULES) {
      const enabled = properties[`gomem.rules.${rule.meta.id}.enabled`];
      assert.strictEqual(enabled.default, !rule.meta.offByDefault, rule.meta.id);
      if (rule.meta.offByDefault) assert.ok(enabled.markdownDescription.includes(`Off by default: ${rule.meta.offByDefault}`), rule.meta.id);
    }
  });

  it('asks package hints before parsing: an insert into a map some file of the package declares could report, one into locals could not', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-package-hint-'));
    try {
      fs.writeFileSync(path.join(folder, 'cache.go'), 'package cache\n\nvar (\n\tseen = map[string]int{}\n)\n');
      const handler = 'package cache\n\nimport "net/http"\n\nfunc Count(w http.ResponseWriter, r *http.Request) {\n\tseen[r.URL.Path]++\n}\n';
      const locals = 'package cache\n\nfunc Tally(words []string) map[string]int {\n\tcounts := map[string]int{}\n\tfor _, word := range words {\n\t\tcounts[word]++\n\t}\n\treturn counts\n}\n';
      fs.writeFileSync(path.join(folder, 'handler.go'), handler);
      fs.writeFileSync(path.join(folder, 'tally.go'), locals);
      const only = { only: new Set(['map-unbounded-cache']) };
      const oneShot = await Linter.create();
      oneShot.diskIsStable = true;
      assert.strictEqual(oneShot.couldReport(path.join(folder, 'handler.go'), handler, only), true);
      assert.strictEqual(oneShot.couldReport(path.join(folder, 'tally.go'), locals, only), false);
      // Without its package the text alone could still hold an insert into a package map.
      assert.strictEqual(oneShot.engine.couldReport(locals, only), true);
      const source = oneShot.parse(path.join(folder, 'handler.go'), handler);
      assert.deepStrictEqual(oneShot.lint(source, only).findings.map((finding) => finding.ruleId), ['map-unbounded-cache']);
      source.tree.delete();
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('parses a file for unsafe-uintptr-roundtrip only if its package can take an address, and for retain-subslice only if it reads something whole', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-address-hint-'));
    try {
      // A method named Call, in a package with no unsafe and no reflect address: no syscall.
      const client = 'package rpc\n\nfunc Ask(c *Client, seq uintptr) error {\n\treturn c.Call("Ask", seq)\n}\n';
      fs.writeFileSync(path.join(folder, 'client.go'), client);
      fs.writeFileSync(path.join(folder, 'types.go'), 'package rpc\n\ntype Client struct{ seq uintptr }\n');
      const uintptrOnly = { only: new Set(['unsafe-uintptr-roundtrip']) };
      const oneShot = await Linter.create();
      oneShot.diskIsStable = true;
      assert.strictEqual(oneShot.couldReport(path.join(folder, 'client.go'), client, uintptrOnly), false);
      // A sibling that imports unsafe could store an address in a field the call passes on.
      const other = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-address-hint-'));
      try {
        fs.writeFileSync(path.join(other, 'client.go'), client);
        fs.writeFileSync(path.join(other, 'types.go'), 'package rpc\n\nimport "unsafe"\n\ntype Client struct{ seq uintptr }\n\nvar _ = unsafe.Sizeof(0)\n');
        const fresh = await Linter.create();
        fresh.diskIsStable = true;
        assert.strictEqual(fresh.couldReport(path.join(other, 'client.go'), client, uintptrOnly), true);
      } finally {
        fs.rmSync(other, { recursive: true, force: true });
      }
      // io.Copy into a file reads nothing whole; into a buffer whose Bytes() the function takes, it does.
      const retain = { only: new Set(['retain-subslice']) };
      const copyToFile = 'package rpc\n\nimport "io"\n\nfunc Save(w io.Writer, r io.Reader) error {\n\t_, err := io.Copy(w, r)\n\treturn err\n}\n';
      const copyToBuffer = copyToFile.replace('return err\n}', 'return use(buf.Bytes())\n}').replace('io.Copy(w, r)', 'io.Copy(&buf, r)');
      assert.strictEqual(oneShot.engine.couldReport(copyToFile, retain), false);
      assert.strictEqual(oneShot.engine.couldReport(copyToBuffer, retain), true);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('keeps rules quiet in test code: a folder named e2e or tests inside the module, or a module path holding one, not a checkout that lives in one', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-suites-'));
    try {
      const leaky = 'package harness\n\nimport "os"\n\nfunc Dump(paths []string) {\n\tfor _, p := range paths {\n\t\tf, err := os.Open(p)\n\t\tif err != nil {\n\t\t\treturn\n\t\t}\n\t\tdefer f.Close()\n\t\tuse(f)\n\t}\n}\n';
      const layouts: [string, string, number][] = [
        ['inside/tests/harness', 'module example.com/inside\n', 0],
        ['modpath/harness', 'module example.com/project/tests/v3\n', 0],
        ['e2e/outside/harness', 'module example.com/outside\n', 1],
      ];
      const linter = await Linter.create();
      for (const [folder, goMod, expected] of layouts) {
        const moduleRoot = path.join(root, folder.split('/')[0], folder.split('/')[0] === 'e2e' ? 'outside' : '');
        fs.mkdirSync(path.join(root, folder), { recursive: true });
        fs.writeFileSync(path.join(moduleRoot, 'go.mod'), goMod);
        const file = path.join(root, folder, 'harness.go');
        fs.writeFileSync(file, leaky);
        const source = linter.parse(file, leaky);
        try {
          assert.strictEqual(linter.lint(source, { only: new Set(['defer-in-loop']) }).findings.length, expected, folder);
        } finally {
          source.tree.delete();
        }
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('trusts the package files it read from disk for diskRecheckMs (the server: a second), and looks again when told', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-disk-recheck-'));
    try {
      const declared = 'package cache\n\nvar seen = map[string]int{}\n';
      fs.writeFileSync(path.join(folder, 'cache.go'), declared);
      const handler = 'package cache\n\nimport "net/http"\n\nfunc Count(w http.ResponseWriter, r *http.Request) {\n\tseen[r.URL.Path]++\n}\n';
      const only = { only: new Set(['map-unbounded-cache']) };
      const findings = (linter: Linter) => {
        const source = linter.parse(path.join(folder, 'handler.go'), handler);
        try {
          return linter.lint(source, only).findings.length;
        } finally {
          source.tree.delete();
        }
      };
      const trusting = await Linter.create();
      trusting.diskRecheckMs = 60_000;
      const looking = await Linter.create();
      assert.strictEqual(findings(trusting), 1);
      assert.strictEqual(findings(looking), 1);
      // Another file of the package starts deleting from the map: it no longer only grows.
      const shrinking = declared + '\nfunc Forget(key string) { delete(seen, key) }\n';
      fs.writeFileSync(path.join(folder, 'cache.go'), shrinking);
      assert.strictEqual(findings(looking), 0, 'a linter that always looks sees the change at once');
      assert.strictEqual(findings(trusting), 1, 'within its window the linter keeps what it read');
      trusting.recheckDisk();
      assert.strictEqual(findings(trusting), 0, 'told to look again, it sees the change');
      // Before parsing too: no file of the package could hold a map that only grows.
      assert.strictEqual(looking.couldReport(path.join(folder, 'handler.go'), handler, only), false);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
