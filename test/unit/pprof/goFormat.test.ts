// gomem's %.2f and %.2g against Go's own fmt (test/fixtures/pprof/formatgen): Go rounds the exact
// decimal value of the double, and exact ties to even.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatPercent, goFixed, goShortG, scaledLabel } from '../../../src/core/pprof/format';
import { decodeGoString, encodeGoString } from '../../../src/core/pprof/goString';

const expectedFile = path.resolve(__dirname, '../../../../test/fixtures/pprof/formatgen/expected.txt');

function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe("Go's %.2f and %.2g", () => {
  const lines = fs.readFileSync(expectedFile, 'utf8').trim().split('\n');

  it('match Go on every recorded value (ties, near-ties, huge, tiny, negative)', () => {
    assert.ok(lines.length > 5000);
    const mismatches: string[] = [];
    for (const line of lines) {
      const [bits, fixed, general] = line.split(' ');
      const value = fromBits(bits);
      const actual = `${goFixed(value, 2)} ${goShortG(value)}`;
      if (actual !== `${fixed} ${general}`) mismatches.push(`${value}: Go ${fixed} ${general}, gomem ${actual}`);
    }
    assert.deepStrictEqual(mismatches.slice(0, 20), []);
  });

  it("round the issue's examples as pprof does", () => {
    assert.strictEqual(scaledLabel(75_000_000, 'nanoseconds', 's'), '0.07s');
    assert.strictEqual(scaledLabel(25_000_000, 'nanoseconds', 's'), '0.03s');
    assert.strictEqual(scaledLabel(45_465_000_000, 'nanoseconds', 's'), '45.47s');
    assert.strictEqual(formatPercent(107, 4000), ' 2.67%');
    assert.strictEqual(formatPercent(5, 4000), ' 0.12%');
    assert.strictEqual(goFixed(0.125, 2), '0.12');
    assert.strictEqual(goFixed(1e21, 2), '1000000000000000000000.00');
  });
});

describe('Go strings that are not UTF-8', () => {
  it('round-trip every byte through decodeGoString and encodeGoString', () => {
    const samples = [[0xff], [0x61, 0xe2, 0x82, 0x78], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf0, 0x9f, 0x98, 0x80, 0xff], [0xe9, 0x20, 0xc3, 0xa9]];
    let state = 1;
    for (let i = 0; i < 500; i++) {
      samples.push(Array.from({ length: 1 + (i % 9) }, () => ((state = (state * 1103515245 + 12345) >>> 0) >>> 16) & 0xff));
    }
    for (const sample of samples) {
      const bytes = Uint8Array.from(sample);
      assert.deepStrictEqual(Buffer.from(encodeGoString(decodeGoString(bytes))), Buffer.from(bytes), Buffer.from(bytes).toString('hex'));
    }
  });

  it('decode valid UTF-8 as usual and mark each stray byte with one character', () => {
    assert.strictEqual(decodeGoString(Buffer.from('héllo 世界 😀')), 'héllo 世界 😀');
    assert.strictEqual(decodeGoString(Uint8Array.of(0x63, 0x61, 0x66, 0xe9)), 'caf\udce9');
    assert.strictEqual(Buffer.from(encodeGoString('😀 ok')).toString('utf8'), '😀 ok');
  });
});
