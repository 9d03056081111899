// Marks follow edits: the line arithmetic behind the editor's profile figures.
import * as assert from 'assert';
import { enclosingFunctionLine, lineBreaks, shiftLines } from '../../src/client/profileInEditor/lineShift';

const shifted = (lines: number[], change: Parameters<typeof shiftLines>[1]) => {
  const copy = lines.slice();
  shiftLines(copy, change);
  return copy;
};

describe('profile figures follow edits', () => {
  it('moves marks below an insertion down and leaves those above', () => {
    assert.deepStrictEqual(shifted([2, 10, 20], { startLine: 5, endLine: 5, insertedLineBreaks: 3, beforeStartLineCode: false }), [2, 13, 23]);
  });

  it('moves marks below a deletion up and collapses deleted lines onto the remaining one', () => {
    assert.deepStrictEqual(shifted([4, 6, 7, 9, 20], { startLine: 5, endLine: 8, insertedLineBreaks: 0, beforeStartLineCode: false }), [4, 5, 5, 6, 17]);
  });

  it('keeps a mark on its line when typing on it, or pressing Enter at its end', () => {
    assert.deepStrictEqual(shifted([5], { startLine: 5, endLine: 5, insertedLineBreaks: 0, beforeStartLineCode: false }), [5]);
    assert.deepStrictEqual(shifted([5, 6], { startLine: 5, endLine: 5, insertedLineBreaks: 1, beforeStartLineCode: false }), [5, 7]);
  });

  it('moves the mark with its code when Enter is pressed before the code of its line', () => {
    assert.deepStrictEqual(shifted([5, 6], { startLine: 5, endLine: 5, insertedLineBreaks: 2, beforeStartLineCode: true }), [7, 8]);
  });

  it('counts \\n, \\r\\n and a lone \\r once each', () => {
    assert.strictEqual(lineBreaks('a\nb\r\nc\rd'), 3);
    assert.strictEqual(lineBreaks(''), 0);
  });

  it('finds the func line of a sampled line for the CodeLens: a function, a closure, past blocks and braces in strings', () => {
    const source = [
      'func bufferBody(next http.Handler) http.Handler {', // 0
      '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {', // 1
      '\t\tbuf := get()', // 2
      '\t\tif x { y() }', // 3
      '\t\tfmt.Println("}")', // 4
      '\t\tif _, err := buf.ReadFrom(r.Body); err != nil {', // 5
      '\t\t\treturn', // 6
      '\t\t}', // 7
      '\t\tnext.ServeHTTP(w, r)', // 8
      '\t})', // 9
      '}', // 10
    ];
    const text = (line: number) => source[line];
    assert.strictEqual(enclosingFunctionLine(text, 8), 1);
    assert.strictEqual(enclosingFunctionLine(text, 6), 1);
    assert.strictEqual(enclosingFunctionLine(text, 1), 1);
    assert.strictEqual(enclosingFunctionLine(text, 0), 0);
    assert.strictEqual(enclosingFunctionLine((l) => ['package main', 'var x = 1'][l], 1), undefined);
  });
});
