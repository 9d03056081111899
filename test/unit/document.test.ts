import * as assert from 'assert';
import { GoDocument } from '../../src/core/document';
import { GoLanguage } from '../../src/core/parser';
import { LineIndex } from '../../src/core/text';
import { TextDocument } from 'vscode-languageserver-textdocument';

const SOURCE = `package demo

import "fmt"

// Grüße 😀: multi-unit characters shift UTF-16 columns.
func greet(names []string) {
\tfor i, name := range names {
\t\tfmt.Println(i, "héllo", name)
\t}
}
`;

/** A small deterministic generator so failures reproduce. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe('GoDocument incremental parsing', function () {
  // Hundreds of parses: on a loaded machine they take longer than mocha's default 2 s.
  this.timeout(30_000);
  let language: GoLanguage;
  before(async () => {
    language = await GoLanguage.load();
  });

  it('gives the same tree as a fresh parse after many random edits', () => {
    const next = random(42);
    const pieces = ['x', '\n', '😀', 'func f() {}\n', '{', '}', '"', 'é', ' ', '\t', 'if a { b() }\n'];
    const document = GoDocument.open(language, SOURCE);
    try {
      for (let step = 0; step < 300; step++) {
        const lines = new LineIndex(document.text);
        const start = Math.floor(next() * (document.text.length + 1));
        const length = Math.floor(next() * 4);
        // Never split a surrogate pair: editors don't either.
        const safe = (offset: number) => (/[\uDC00-\uDFFF]/.test(document.text[offset] ?? '') ? offset + 1 : offset);
        const from = safe(start);
        const to = safe(Math.min(document.text.length, from + length));
        const insert = pieces[Math.floor(next() * pieces.length)];
        const expected = document.text.slice(0, from) + insert + document.text.slice(to);
        document.applyChanges([{ range: { start: lines.positionAt(from), end: lines.positionAt(to) }, text: insert }]);
        assert.strictEqual(document.text, expected);
        // The line index is updated around the edit, not rebuilt: it must equal a rebuilt one.
        const rebuilt = new LineIndex(expected);
        assert.strictEqual(document.lineIndex.lineCount, rebuilt.lineCount, `line count after step ${step}`);
        for (let line = 0; line < rebuilt.lineCount; line++) {
          assert.strictEqual(document.lineIndex.offsetAt({ line, character: 0 }), rebuilt.offsetAt({ line, character: 0 }), `line ${line} after step ${step}`);
        }
        assert.strictEqual(document.tree.rootNode.endIndex, expected.length, `tree does not span the text after step ${step}`);
        // Error recovery may legitimately differ on garbage; valid code must parse identically.
        const fresh = language.parse(expected);
        if (!fresh.rootNode.hasError) {
          assert.strictEqual(document.tree.rootNode.toString(), fresh.rootNode.toString(), `tree differs after step ${step}`);
        }
        fresh.delete();
      }
    } finally {
      document.dispose();
    }
  });

  it('keeps the text an editor keeps under LSP positions: characters past a line end, lone \\r, \\r\\n', () => {
    const next = random(7);
    const pieces = ['x', '\n', '\r', '\r\n', '// c\r', '😀', '{', '}', ' ', 'if a { b() }\r\n'];
    const text = SOURCE.replace('import "fmt"\n', 'import "fmt"\r\n').replace('// Grüße', '// a\r// Grüße');
    let editor = TextDocument.create('file:///demo.go', 'go', 1, text);
    const document = GoDocument.open(language, text);
    try {
      for (let step = 0; step < 300; step++) {
        const lineCount = editor.lineCount;
        // Positions as an editor may send them: any line, any character up to well past the line end.
        const position = () => ({ line: Math.floor(next() * (lineCount + 1)), character: Math.floor(next() * 30) });
        const range = { start: position(), end: position() };
        const change = { range, text: pieces[Math.floor(next() * pieces.length)] };
        editor = TextDocument.update(editor, [change], step + 2);
        document.applyChanges([change]);
        assert.strictEqual(document.text, editor.getText(), `text differs after step ${step}: ${JSON.stringify(change)}`);
        // The tree's rows count only \n: positions reported from it translate to the editor's lines.
        const fresh = language.parse(document.text);
        assert.deepStrictEqual(document.tree.rootNode.endPosition, fresh.rootNode.endPosition, `tree end differs after step ${step}`);
        fresh.delete();
        const end = editor.positionAt(editor.getText().length);
        const treeEnd = document.tree.rootNode.endPosition;
        assert.deepStrictEqual(document.toEditor({ line: treeEnd.row, character: treeEnd.column }), end);
        assert.deepStrictEqual(document.toEditor(document.fromEditor(end)), end);
      }
    } finally {
      document.dispose();
    }
  });

  it('matches a fresh parse at every keystroke while a function is typed out', () => {
    const typed = '\nfunc (s *server) handle(w io.Writer, r *Request) error {\n\tbuf := pool.Get().(*bytes.Buffer)\n\tdefer pool.Put(buf)\n\treturn nil\n}\n';
    const document = GoDocument.open(language, SOURCE);
    let compared = 0;
    try {
      for (const character of typed) {
        const end = new LineIndex(document.text).positionAt(document.text.length);
        document.applyChanges([{ range: { start: end, end }, text: character }]);
        const fresh = language.parse(document.text);
        if (!fresh.rootNode.hasError) {
          compared++;
          assert.strictEqual(document.tree.rootNode.toString(), fresh.rootNode.toString());
        }
        fresh.delete();
      }
    } finally {
      document.dispose();
    }
    assert.ok(compared > 2, 'the typed text should be valid Go at several points');
  });

  it('applies several changes of one notification in order, and whole-text replacement', () => {
    const document = GoDocument.open(language, 'package a\n');
    document.applyChanges([
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'func f() {}\n' },
      { range: { start: { line: 1, character: 5 }, end: { line: 1, character: 6 } }, text: 'g' },
    ]);
    assert.strictEqual(document.text, 'package a\nfunc g() {}\n');
    document.applyChanges([{ text: 'package b\n' }]);
    assert.strictEqual(document.tree.rootNode.toString(), '(source_file (package_clause (package_identifier)))');
    document.dispose();
  });
});
