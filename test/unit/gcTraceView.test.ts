import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { validateGcWebviewMessage } from '../../src/client/gcTraceMessages';
import { goRunCommand, withGcTrace } from '../../src/client/gcTraceRunArgs';
import { analyzeGcTrace, parseGcTrace } from '../../src/core/gctrace';
import { toWireTrace } from '../../src/webview/gcTraceProtocol';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (name: string) => fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'gctrace', name), 'utf8');

describe('GC trace view host', () => {
  it('sends the last run as columns, with verdict cycles indexed into them', () => {
    const second = read('leaking/leaking.gctrace');
    const trace = parseGcTrace(read('churning/churning.gctrace') + second);
    const analysis = analyzeGcTrace(trace);
    const wire = toWireTrace(trace, analysis);
    const run = parseGcTrace(second).cycles;
    assert.strictEqual(wire.runs, 2);
    assert.strictEqual(wire.cyclesInLog, trace.cycles.length);
    assert.strictEqual(wire.cycles.n.length, run.length);
    assert.deepStrictEqual(Array.from(wire.cycles.heapLiveMB), run.map((cycle) => cycle.heapLiveMB));
    assert.deepStrictEqual(Array.from(wire.cycles.atSeconds.subarray(0, 3)), run.slice(0, 3).map((cycle) => cycle.atSeconds));
    const growing = wire.verdicts.find((verdict) => verdict.kind === 'growing')!;
    assert.ok(growing.cycles.includes(run.length - 1));
    assert.ok(wire.verdicts.every((verdict) => verdict.cycles.every((index) => index >= 0 && index < run.length)));
  });

  it('carries the scavenger lines of the shown run, NaN where a line does not say', () => {
    const trace = parseGcTrace(read('scavenging/scavenging.gctrace'));
    const wire = toWireTrace(trace, analyzeGcTrace(trace));
    assert.strictEqual(wire.scavenges.atSeconds.length, trace.scavenges.length);
    assert.ok(wire.scavenges.releasedTotalMB.every((value) => value >= 0));
    assert.ok(wire.scavenges.retainedMB.every((value) => Number.isNaN(value)));
  });

  it('accepts only well-formed webview messages about cycles of the trace', () => {
    const context = { cycleCount: 10 };
    assert.deepStrictEqual(validateGcWebviewMessage({ type: 'reveal', cycle: 9 }, context), { type: 'reveal', cycle: 9 });
    assert.deepStrictEqual(validateGcWebviewMessage({ type: 'rawLine', cycle: 0 }, context), { type: 'rawLine', cycle: 0 });
    assert.deepStrictEqual(validateGcWebviewMessage({ type: 'ready' }, context), { type: 'ready' });
    for (const bad of [
      { type: 'reveal', cycle: 10 },
      { type: 'reveal', cycle: -1 },
      { type: 'reveal', cycle: 1.5 },
      { type: 'reveal', cycle: '1' },
      { type: 'reveal', cycle: 1, extra: true },
      { type: 'openFile', path: '/etc/passwd' },
      { type: 'measurement', name: '<img src=x>', milliseconds: 1 },
      { type: 'measurement', name: 'ok', milliseconds: -1 },
      null,
      [],
    ]) {
      assert.strictEqual(validateGcWebviewMessage(bad, context), undefined, JSON.stringify(bad));
    }
  });
});

describe('Run with GC Trace', () => {
  const testFile = ['package cache', '', 'func TestEviction(t *testing.T) {', '\tc := New()', '}', '', 'func BenchmarkPut(b *testing.B) {', '\tfor i := 0; i < b.N; i++ {}', '}', ''].join('\n');

  it('runs the package main outside test files', () => {
    assert.deepStrictEqual(goRunCommand('/src/app/main.go', 'package main', 3).args, ['run', '.']);
    assert.deepStrictEqual(goRunCommand('/src/app/main.go', 'package main', 3).buildArgs, ['build', '-o', '{binary}', '.']);
    assert.deepStrictEqual(goRunCommand(undefined, undefined, 0).args, ['run', '.']);
  });

  it('runs the test or benchmark under the cursor, else the package tests', () => {
    assert.deepStrictEqual(goRunCommand('/src/cache/cache_test.go', testFile, 3).args, ['test', '-run', '^TestEviction$', '-count=1', '.']);
    assert.deepStrictEqual(goRunCommand('/src/cache/cache_test.go', testFile, 3).buildArgs, ['test', '-c', '-o', '{binary}', '.']);
    assert.deepStrictEqual(goRunCommand('/src/cache/cache_test.go', testFile, 3).runArgs, ['-test.run', '^TestEviction$', '-test.v']);
    assert.deepStrictEqual(goRunCommand('/src/cache/cache_test.go', testFile, 7).args, ['test', '-run', '^$', '-bench', '^BenchmarkPut$', '-count=1', '.']);
    assert.deepStrictEqual(goRunCommand('/src/cache/cache_test.go', testFile, 0).args, ['test', '-count=1', '.']);
  });

  it('adds gctrace=1 to the GODEBUG the user has', () => {
    assert.strictEqual(withGcTrace(undefined), 'gctrace=1');
    assert.strictEqual(withGcTrace('madvdontneed=1,gctrace=2'), 'madvdontneed=1,gctrace=1');
  });
});
