import * as assert from 'assert';
import { validateWebviewMessage } from '../../src/client/profileMessages';

const context = { functionCount: 10 };

describe('profile viewer message validation', () => {
  it('accepts the five known messages in their exact shape', () => {
    assert.deepStrictEqual(validateWebviewMessage({ type: 'ready' }, context), { type: 'ready' });
    assert.deepStrictEqual(validateWebviewMessage({ type: 'loadProfile' }, context), { type: 'loadProfile' });
    assert.deepStrictEqual(validateWebviewMessage({ type: 'openSource', functionIndex: 9 }, context), { type: 'openSource', functionIndex: 9 });
    assert.deepStrictEqual(validateWebviewMessage({ type: 'pickSourceFolder', functionIndex: 2 }, context), { type: 'pickSourceFolder', functionIndex: 2 });
    assert.deepStrictEqual(validateWebviewMessage({ type: 'measurement', name: 'zoom redraw', milliseconds: 3.5 }, context), {
      type: 'measurement',
      name: 'zoom redraw',
      milliseconds: 3.5,
    });
  });

  it('rejects unknown types and values that are not plain objects', () => {
    for (const value of [undefined, null, 'ready', 42, [], ['ready'], { type: 'runCommand', command: 'workbench.action.terminal.new' }, { type: 'toString' }, { type: '__proto__' }]) {
      assert.strictEqual(validateWebviewMessage(value, context), undefined, JSON.stringify(value));
    }
  });

  it('rejects function indices outside the profile, fractional or not numbers', () => {
    for (const functionIndex of [-1, 10, 1.5, NaN, Infinity, '3', null, { valueOf: () => 1 }]) {
      assert.strictEqual(validateWebviewMessage({ type: 'openSource', functionIndex }, context), undefined, String(functionIndex));
      assert.strictEqual(validateWebviewMessage({ type: 'pickSourceFolder', functionIndex }, context), undefined, String(functionIndex));
    }
    assert.strictEqual(validateWebviewMessage({ type: 'openSource', functionIndex: 0 }, { functionCount: 0 }), undefined, 'no profile loaded');
  });

  it('rejects extra keys, such as a path smuggled next to a valid index', () => {
    assert.strictEqual(validateWebviewMessage({ type: 'openSource', functionIndex: 1, path: '/etc/passwd' }, context), undefined);
    assert.strictEqual(validateWebviewMessage({ type: 'pickSourceFolder', functionIndex: 1, folder: '/etc' }, context), undefined);
    assert.strictEqual(validateWebviewMessage({ type: 'ready', html: '<img>' }, context), undefined);
  });

  it('bounds measurement names and values', () => {
    const measurement = (name: unknown, milliseconds: unknown) => validateWebviewMessage({ type: 'measurement', name, milliseconds }, context);
    assert.strictEqual(measurement('x'.repeat(101), 1), undefined);
    assert.strictEqual(measurement('', 1), undefined);
    assert.strictEqual(measurement('line\nbreak', 1), undefined);
    assert.strictEqual(measurement('<script>', 1), undefined);
    assert.strictEqual(measurement('paint', -1), undefined);
    assert.strictEqual(measurement('paint', Infinity), undefined);
    assert.strictEqual(measurement('paint', '5'), undefined);
    assert.ok(measurement('first flame paint after open', 812));
  });

  it('rejects objects with a prototype other than Object', () => {
    class Sneaky {
      type = 'ready';
    }
    assert.strictEqual(validateWebviewMessage(new Sneaky(), context), undefined);
  });
  it('openGoroutine: a group of the profile shown and one of three targets, nothing else', () => {
    const goroutines = { functionCount: 10, goroutineGroupCount: 4 };
    for (const target of ['group', 'blocking', 'creator']) {
      assert.deepStrictEqual(validateWebviewMessage({ type: 'openGoroutine', groupIndex: 3, target }, goroutines), { type: 'openGoroutine', groupIndex: 3, target });
    }
    for (const groupIndex of [-1, 4, 0.5, '1', null]) {
      assert.strictEqual(validateWebviewMessage({ type: 'openGoroutine', groupIndex, target: 'group' }, goroutines), undefined, String(groupIndex));
    }
    assert.strictEqual(validateWebviewMessage({ type: 'openGoroutine', groupIndex: 0, target: 'file' }, goroutines), undefined);
    assert.strictEqual(validateWebviewMessage({ type: 'openGoroutine', groupIndex: 0, target: 'group', file: '/etc/passwd' }, goroutines), undefined);
    assert.strictEqual(validateWebviewMessage({ type: 'openGoroutine', groupIndex: 0, target: 'group' }, context), undefined, 'not a goroutine profile');
  });

  it('compare mode and the source view: sample types of the profile, lines and functions in range, nothing else', () => {
    const viewer = { functionCount: 10, sampleTypes: ['alloc_space', 'inuse_space'] };
    assert.deepStrictEqual(validateWebviewMessage({ type: 'viewState', sampleType: 'inuse_space' }, viewer), { type: 'viewState', sampleType: 'inuse_space' });
    for (const sampleType of ['cpu', '', 42, null, 'inuse_space\n']) {
      assert.strictEqual(validateWebviewMessage({ type: 'viewState', sampleType }, viewer), undefined, String(sampleType));
    }
    assert.deepStrictEqual(validateWebviewMessage({ type: 'sourceText', functionIndex: 9 }, viewer), { type: 'sourceText', functionIndex: 9 });
    assert.strictEqual(validateWebviewMessage({ type: 'sourceText', functionIndex: 10 }, viewer), undefined);
    assert.strictEqual(validateWebviewMessage({ type: 'sourceText', functionIndex: 1, file: '/etc/passwd' }, viewer), undefined);
    assert.deepStrictEqual(validateWebviewMessage({ type: 'openSourceLine', functionIndex: 3, line: 42 }, viewer), { type: 'openSourceLine', functionIndex: 3, line: 42 });
    for (const line of [0, -1, 1.5, '42', 10_000_001, Infinity]) {
      assert.strictEqual(validateWebviewMessage({ type: 'openSourceLine', functionIndex: 3, line }, viewer), undefined, String(line));
    }
    assert.strictEqual(validateWebviewMessage({ type: 'openSourceLine', functionIndex: 10, line: 1 }, viewer), undefined);
    assert.deepStrictEqual(validateWebviewMessage({ type: 'compareWith' }, viewer), { type: 'compareWith' });
    assert.deepStrictEqual(validateWebviewMessage({ type: 'stopCompare' }, viewer), { type: 'stopCompare' });
    assert.strictEqual(validateWebviewMessage({ type: 'compareWith', base: '/etc/passwd' }, viewer), undefined);
  });
});
