import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
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
