import * as assert from 'assert';
import { nodeAt, spanIn, TextMemo } from '../../src/core/analysis/poolSpans';
import { GoLanguage } from '../../src/core/parser';

describe('pool analysis spans across edits', () => {
  let language: GoLanguage;
  before(async () => {
    language = await GoLanguage.load();
  });

  const source = (prefix: string) => `package p\n\n${prefix}func put(pool *Pool, b []byte) {\n\tbuf := b[:0]\n\tpool.Put(&buf)\n}\n`;

  it('finds a function\'s node again in a newer tree where the function moved but kept its text', () => {
    const before = language.parse(source(''));
    const after = language.parse(source('var moved = 1\n\n'));
    try {
      const oldFunction = before.rootNode.namedChildren.find((node) => node?.type === 'function_declaration')!;
      const newFunction = after.rootNode.namedChildren.find((node) => node?.type === 'function_declaration')!;
      assert.strictEqual(oldFunction.text, newFunction.text);
      const declaration = oldFunction.descendantsOfType('short_var_declaration')[0]!;
      const relocated = nodeAt(newFunction, spanIn(oldFunction, declaration));
      assert.strictEqual(relocated?.type, 'short_var_declaration');
      assert.strictEqual(relocated?.text, 'buf := b[:0]');
      assert.notStrictEqual(relocated?.startIndex, declaration.startIndex);
      // A span whose node type the tree does not confirm is refused, not guessed.
      assert.strictEqual(nodeAt(newFunction, { ...spanIn(oldFunction, declaration), type: 'assignment_statement' }), undefined);
    } finally {
      before.delete();
      after.delete();
    }
  });

  it('keeps the most recently used texts within its limit', () => {
    const memo = new TextMemo<number>(2);
    memo.set('a', 1);
    memo.set('b', 2);
    assert.strictEqual(memo.get('a'), 1);
    memo.set('c', 3);
    assert.strictEqual(memo.get('b'), undefined);
    assert.strictEqual(memo.get('a'), 1);
    assert.strictEqual(memo.get('c'), 3);
  });
});
