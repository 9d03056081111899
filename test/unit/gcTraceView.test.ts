import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import { validateGcWebviewMessage } from '../../src/client/gcTraceMessages';
import { GcTraceReader } from '../../src/client/gcTraceReader';
import { largeTrace } from '../../scripts/bench/gctraceBench';
import { goRunCommand, withGcTrace } from '../../src/client/gcTraceRunArgs';
import { analyzeGcTrace, parseGcTrace } from '../../src/core/gctrace';
import { narrowestColumn, toWireTrace } from '../../src/webview/gcTraceProtocol';

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

  it('sends each column in the smallest typed array that gives back every value exactly', () => {
    const text = largeTrace().split('\n').slice(0, 5000).join('\n');
    const trace = parseGcTrace(text);
    const wire = toWireTrace(trace, analyzeGcTrace(trace));
    const cycles = trace.cycles;
    for (const field of ['n', 'atSeconds', 'cpuPercent', 'pauseMs', 'heapStartMB', 'heapEndMB', 'heapLiveMB', 'goalMB'] as const) {
      assert.deepStrictEqual(Array.from(wire.cycles[field]), cycles.map((cycle) => cycle[field]), field);
    }
    // Whole MB below 256 in a byte, cycle numbers in 16 bits, times and pauses as they are: under half the bytes.
    assert.ok(wire.cycles.heapLiveMB instanceof Uint8Array && wire.cycles.n instanceof Uint16Array && wire.cycles.atSeconds instanceof Float64Array);
    const bytes = Object.values(wire.cycles).reduce((sum, column) => sum + column.byteLength, 0);
    assert.ok(bytes < cycles.length * 8 * 8 * 0.5, `${bytes} bytes for ${cycles.length} cycles`);
    assert.deepStrictEqual(
      [[1, 255], [256], [65536, 0], [2 ** 32], [1.5], [-1], [NaN]].map((values) => narrowestColumn(Float64Array.from(values)).constructor.name),
      ['Uint8Array', 'Uint16Array', 'Uint32Array', 'Float64Array', 'Float64Array', 'Float64Array', 'Float64Array'],
    );
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

describe('GC trace reader (worker thread)', () => {
  const workerFile = path.join(ROOT, 'dist', 'client', 'gcTraceWorker.js');
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-gctrace-reader-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a 100,000-line log off the host thread, which keeps running meanwhile', async function () {
    this.timeout(60_000);
    const file = path.join(dir, 'large.gctrace.log');
    fs.writeFileSync(file, largeTrace());
    const reader = new GcTraceReader(workerFile, { path: file, maxFileBytes: 1 << 30 });
    try {
      let last = performance.now();
      let longestStall = 0;
      const ticker = setInterval(() => {
        const now = performance.now();
        longestStall = Math.max(longestStall, now - last);
        last = now;
      }, 2);
      const snapshot = await reader.read();
      clearInterval(ticker);
      assert.strictEqual(snapshot.totalLines, 100_000);
      assert.strictEqual(snapshot.wire!.cycles.n.length, 80_000);
      assert.strictEqual(snapshot.wire!.trend, 'steady');
      // The host's event loop only waits for the message: nothing here parses (parsing here would
      // stall it for about the reader's whole time).
      assert.ok(longestStall < Math.max(100, snapshot.milliseconds / 2), `the host stalled ${longestStall.toFixed(0)} ms of the reader's ${snapshot.milliseconds.toFixed(0)} ms`);
      const raw = await reader.rawLine(79_999);
      assert.match(raw!.text, /^gc 80000 @984\.000s /);
      assert.strictEqual(raw!.line, 99_998);
    } finally {
      reader.dispose();
    }
  });

  it('reads on from where it stopped as the file grows, and anew when it is truncated', async () => {
    const file = path.join(dir, 'growing.log');
    const lines = read('leaking/leaking.gctrace').split('\n');
    fs.writeFileSync(file, lines.slice(0, 10).join('\n') + '\n');
    const reader = new GcTraceReader(workerFile, { path: file, maxFileBytes: 1 << 30 });
    try {
      assert.strictEqual((await reader.read()).cycleCount, 10);
      fs.appendFileSync(file, lines.slice(10, 40).join('\n') + '\n');
      const grown = await reader.read();
      assert.strictEqual(grown.cycleCount, 40);
      assert.strictEqual(grown.wire!.cycles.n[39], 40);
      fs.writeFileSync(file, lines.slice(0, 3).join('\n') + '\nhello\n');
      const truncated = await reader.read();
      assert.deepStrictEqual([truncated.cycleCount, truncated.totalLines], [3, 4]);
      fs.rmSync(file);
      assert.strictEqual((await reader.read()).error, 'The file does not exist (any more).');
    } finally {
      reader.dispose();
    }
  });

  it('reads bytes handed to it (a file of another file system), and says when a log holds no cycle', async () => {
    const reader = new GcTraceReader(workerFile, { maxFileBytes: 1 << 30 });
    try {
      const snapshot = await reader.read(new TextEncoder().encode(read('scavenging/scavenging.gctrace')));
      assert.ok(snapshot.wire!.scavenges.atSeconds.length > 0);
      const empty = await reader.read(new TextEncoder().encode('hello\nworld\n'));
      assert.deepStrictEqual([empty.wire, empty.totalLines, empty.error], [undefined, 2, undefined]);
    } finally {
      reader.dispose();
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
