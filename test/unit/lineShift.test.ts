// Marks follow edits: the line arithmetic behind the editor's profile figures.
import * as assert from 'assert';
import { lineBreaks, shiftLines } from '../../src/client/profileInEditor/lineShift';

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
});
