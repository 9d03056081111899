import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { GoDocument } from '../../src/core/document';
import { DeclarationCache } from '../../src/core/engine';
import { Linter } from '../../src/core/linter';
import { commonPrefixLength, commonSuffixLength, DeclarationKind, FileSummary } from '../../src/core/resolver/fileSummary';

const TESTDATA = path.resolve(__dirname, '..', '..', '..', 'test', 'testdata');
const KINDS: DeclarationKind[] = ['type', 'var', 'const', 'func', 'method'];

/** Everything a summary answers, as plain data: names by kind in order, and where each name is declared. */
function answers(summary: FileSummary): unknown {
  const names = Object.fromEntries(KINDS.map((kind) => [kind, summary.names(kind)]));
  const declarations = Object.fromEntries(
    KINDS.flatMap((kind) => summary.names(kind)).map((name) => [name, summary.declarations(name).map((d) => `${d.kind} ${d.node.type} ${d.node.startIndex}-${d.node.endIndex}`)]),
  );
  const methods = summary.methods().map((m) => `${m.receiverType}${m.pointerReceiver ? '*' : ''}.${m.name} ${m.node.startIndex}`);
  return { names, declarations, methods };
}

/** A small deterministic generator, so a failure names the edit that caused it. */
function randomness(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % below;
  };
}

/** One edit a user might make: type at a line's end, add or remove a declaration, rename, cut a piece, join lines. */
function edit(text: string, next: (below: number) => number, step: number): string {
  const lines = text.split('\n');
  const line = next(lines.length);
  switch (next(7)) {
    case 0:
      lines[line] += ' ';
      return lines.join('\n');
    case 1:
      lines.splice(line, 0, `func added${step}(x int) int { return x }`);
      return lines.join('\n');
    case 2:
      lines.splice(line, 0, `var v${step}, w${step} = 1, 2`, `type T${step} struct{ f int }`);
      return lines.join('\n');
    case 3: {
      const at = text.indexOf('func ', next(text.length));
      return at < 0 ? text : text.slice(0, at + 5) + 'x' + text.slice(at + 5);
    }
    case 4: {
      const at = next(text.length);
      return text.slice(0, at) + text.slice(at + 1 + next(40));
    }
    case 5:
      // Right after a declaration's last character: the edit may extend it.
      lines[line] += line % 2 ? ' + 1' : '\n+ 1';
      return lines.join('\n');
    default:
      return line + 1 < lines.length ? [...lines.slice(0, line), lines[line] + lines[line + 1], ...lines.slice(line + 2)].join('\n') : text;
  }
}

describe('file summary', function () {
  this.timeout(120_000);
  let linter: Linter;
  before(async () => {
    linter = await Linter.create();
  });

  it('finds where two texts start and stop differing, across whole compared chunks', () => {
    const base = 'x'.repeat(5000);
    const changed = base.slice(0, 3000) + 'yy' + base.slice(3001);
    assert.strictEqual(commonPrefixLength(base, changed), 3000);
    assert.strictEqual(commonSuffixLength(base, changed, 5000 - 3000), 1999);
    assert.strictEqual(commonPrefixLength(base, base + 'z'), 5000);
    assert.strictEqual(commonSuffixLength('ab', 'b', 1), 1);
    assert.strictEqual(commonSuffixLength('abc', 'abc', 2), 2);
  });

  it('gives after every edit what a summary read from scratch gives, reusing the last version of the file around the edit', () => {
    const files = (fs.readdirSync(TESTDATA, { recursive: true }) as string[]).filter((file) => file.endsWith('.go')).sort();
    assert.ok(files.length > 20, `${files.length} test data files`);
    let versions = 0;
    let broken = 0;
    for (const [index, file] of files.entries()) {
      const next = randomness(index + 1);
      let text = fs.readFileSync(path.join(TESTDATA, file), 'utf8');
      for (let step = 0; step < 25; step++) {
        text = edit(text, next, step);
        // The same path each time: the summary starts from the previous version.
        const edited = linter.parse('/edited/p.go', text);
        // A path of its own: nothing to start from.
        const scratch = linter.parse(`/scratch/${index}-${step}.go`, text);
        try {
          if (edited.tree.rootNode.hasError) broken++;
          assert.deepStrictEqual(answers(FileSummary.of(edited)), answers(FileSummary.of(scratch)), `${file}, edit ${step}`);
          versions++;
        } finally {
          edited.tree.delete();
          scratch.tree.delete();
        }
      }
    }
    // Both paths ran: sound versions reuse the last one, broken ones are read whole.
    assert.ok(broken > 10 && versions - broken > 100, `${versions} versions, ${broken} with syntax errors`);
  });
});

describe('memory kept while typing', function () {
  this.timeout(60_000);

  it('keeps no old version of a large file alive after typing into its struct and its comments', async () => {
    v8.setFlagsFromString('--expose-gc');
    const collectGarbage = vm.runInNewContext('gc') as () => void;
    const linter = await Linter.create();
    // About 600 KB in memory: a two-byte text (the comment's ü), as files with non-Latin-1 text are.
    const functions = Array.from({ length: 2500 }, (_, i) => `// handle${i} answers request ${i} (grüße).\nfunc handle${i}(values []int) int {\n\ttotal := 0\n\tfor _, v := range values {\n\t\ttotal += v * ${i}\n\t}\n\treturn total\n}\n`);
    const text = `package big\n\ntype Frame struct {\n\tName string\n}\n\n${functions.join('\n')}`;
    const file = path.join(os.tmpdir(), 'gomem-memory', 'big.go');
    const document = GoDocument.open(linter.language, text);
    const cache = new DeclarationCache();
    // What a lint asks of the edited file: its lint, and the package-level names its resolver reads.
    const lint = () => {
      const source = { path: file, text: document.text, tree: document.tree, lines: document.lineIndex };
      linter.lint(source, {}, undefined, cache);
      assert.strictEqual(FileSummary.of(source).declarations('Frame').length, 1);
    };
    lint();
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 120; i++) {
      // A field name typed into the struct, then a word into the comment of a function further down.
      const field = { line: 3, character: '\tName string'.length + i };
      document.applyChanges([{ range: { start: field, end: field }, text: 'x' }]);
      lint();
      const comment = { line: 6 + 9 * ((i * 17) % 2500), character: 3 };
      document.applyChanges([{ range: { start: comment, end: comment }, text: 'y' }]);
      lint();
    }
    collectGarbage();
    const grownMegabytes = (process.memoryUsage().heapUsed - before) / 1e6;
    document.dispose();
    // Each version kept would be 0.6 MB: 240 of them 140 MB.
    assert.ok(grownMegabytes < 30, `the heap grew by ${grownMegabytes.toFixed(0)} MB while typing`);
  });
});
