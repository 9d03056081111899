import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { Readable } from 'stream';
import { runCli } from '../../src/cli/main';
import { runGcTraceCommand } from '../../src/cli/gctraceCommand';
import { analyzeGcTrace, GcCycle, gcTraceJson, gcTraceJsonBytes, GcTraceParser, parseGcTrace, phaseValues } from '../../src/core/gctrace';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TRACES = path.join(ROOT, 'test', 'fixtures', 'gctrace');
const read = (name: string) => fs.readFileSync(path.join(TRACES, name), 'utf8');

const GO119_LINE =
  'gc 41 @12.503s 3%: 0.061+1.2+0.003 ms clock, 0.24+0.35/1.1/2.4+0.012 ms cpu, 42->49->28 MB, 47 MB goal, 1 MB stacks, 2 MB globals, 8 P (forced)';

/** A trace line with the fields a test cares about. */
function line(n: number, at: number, live: number, options: { start?: number; goal?: number; cpu?: number; forced?: boolean } = {}): string {
  const start = options.start ?? live * 2;
  return `gc ${n} @${at.toFixed(3)}s ${options.cpu ?? 2}%: 0.02+1.5+0.004 ms clock, 0.08+0.1/1.2/2.0+0.016 ms cpu, ${start}->${start + 1}->${live} MB, ${options.goal ?? live * 2 + 1} MB goal, 0 MB stacks, 0 MB globals, 4 P${options.forced ? ' (forced)' : ''}`;
}

/** A deterministic pseudo-random sequence (mulberry32), so noisy traces are the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The raw line of each cycle when the log is parsed as text. */
function rawLinesOf(text: string): (string | undefined)[] {
  const parser = new GcTraceParser();
  parser.push(text);
  return Array.from({ length: parser.finish().columns.length }, (_, index) => parser.rawLine(index));
}

function withoutLine(cycles: GcCycle[]) {
  return cycles.map(({ line: _line, ...rest }) => rest);
}

describe('GC trace parser', () => {
  it('reads every field of a Go 1.18+ line', () => {
    const trace = parseGcTrace(GO119_LINE + '\n');
    assert.deepStrictEqual(trace.cycles, [
      {
        n: 41,
        atSeconds: 12.503,
        cpuPercent: 3,
        clock: '0.061+1.2+0.003',
        cpu: '0.24+0.35/1.1/2.4+0.012',
        pauseMs: 0.064,
        heapStartMB: 42,
        heapEndMB: 49,
        heapLiveMB: 28,
        goalMB: 47,
        stacksMB: 1,
        globalsMB: 2,
        procs: 8,
        forced: true,
        line: 0,
        run: 0,
      },
    ]);
    assert.strictEqual(trace.skippedLines, 0);
    assert.deepStrictEqual(phaseValues(trace.cycles[0].cpu), [0.24, 0.35, 1.1, 2.4, 0.012]);
  });

  it('reads lines of Go versions without stacks and globals (1.5-1.17), and their scvg lines', () => {
    const trace = parseGcTrace(
      [
        'GC forced',
        'gc 26 @120.562s 0%: 0.008+0.18+0.005 ms clock, 0.016+0/0.051/0.10+0.010 ms cpu, 0->0->0 MB, 8 MB goal, 2 P',
        'scvg0: inuse: 0, idle: 959, sys: 959, released: 447, consumed: 512 (MB)',
        'scvg1: 512 MB released',
      ].join('\n'),
    );
    assert.strictEqual(trace.cycles.length, 1);
    assert.strictEqual(trace.cycles[0].goalMB, 8);
    assert.strictEqual(trace.cycles[0].stacksMB, undefined);
    assert.strictEqual(trace.cycles[0].procs, 2);
    assert.deepStrictEqual(
      trace.scavenges.map((s) => [s.releasedTotalMB, s.retainedMB, s.releasedSinceMB, s.afterCycle]),
      [
        [447, 512, undefined, 0],
        [undefined, undefined, 512, 0],
      ],
    );
    assert.strictEqual(trace.skippedLines, 1);
  });

  it('reads the scavenger lines of Go 1.14-1.20 and of Go 1.21+', () => {
    const trace = parseGcTrace(
      [
        'scav 3 1024 KiB work, 2048 KiB total, 97% util',
        'scav 48184 KiB work, 48632 KiB total, 83% util (forced)',
        'scav 0 KiB work (bg), 186960 KiB work (eager), 208712 KiB now, 9% util (forced)',
        'scav 10 KiB work, 4096 KiB total, 99% util [controller reset]',
      ].join('\n'),
    );
    assert.deepStrictEqual(
      trace.scavenges.map((s) => [s.releasedSinceMB, s.releasedTotalMB, s.utilPercent, s.forced]),
      [
        [1, 2, 97, false],
        [48184 / 1024, 48632 / 1024, 83, true],
        [186960 / 1024, 208712 / 1024, 9, true],
        [10 / 1024, 4, 99, false],
      ],
    );
  });

  it('finds trace lines behind timestamps and container prefixes, with CRLF endings', () => {
    const trace = parseGcTrace(
      `2024-05-01T10:00:00.000Z stderr F ${line(1, 0.1, 3)}\r\n[pod/api-7c9] ${line(2, 0.2, 4)}\r\nnot a trace: gc 3 @ lunch\r\n`,
    );
    assert.deepStrictEqual(
      trace.cycles.map((c) => [c.n, c.heapLiveMB, c.line]),
      [
        [1, 3, 0],
        [2, 4, 1],
      ],
    );
    assert.strictEqual(trace.skippedLines, 1);
  });

  it('gives the same result whichever way the text is cut into chunks', () => {
    const text = read('interleaved/app.log').split('\n').slice(0, 60).join('\n');
    const whole = parseGcTrace(text);
    for (const size of [1, 7, 64, 1000]) {
      const parser = new GcTraceParser();
      for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
      assert.deepStrictEqual(parser.finish(), whole, `chunks of ${size}`);
    }
  });

  it('reads the log as bytes, cut anywhere (inside a line, inside a UTF-8 character) and through one reused buffer, as it reads text', () => {
    const text =
      read('interleaved/app.log').split('\n').slice(0, 80).join('\n').replace(/INFO/g, 'INFO ünïcödé ✓ 日本') +
      '\nnoté: ' + GO119_LINE.slice(0, 70) + 'ÄÖ\n' + GO119_LINE.slice(70) + '\n' + GO119_LINE.replace('0.24+', '0.24+[über]') + '\n';
    const whole = parseGcTrace(text);
    const rawLines = rawLinesOf(text);
    const bytes = Buffer.from(text, 'utf8');
    for (const size of [1, 5, 64, 4096]) {
      const reused = Buffer.alloc(size);
      const kept = new GcTraceParser();
      const columnsOnly = new GcTraceParser({ keepText: false, expectedBytes: bytes.length });
      for (let i = 0; i < bytes.length; i += size) {
        kept.push(bytes.subarray(i, i + size));
        const piece = bytes.subarray(i, i + size);
        piece.copy(reused);
        columnsOnly.push(reused.subarray(0, piece.length));
      }
      assert.deepStrictEqual(kept.finish(), whole, `bytes in pieces of ${size}`);
      rawLines.forEach((raw, i) => assert.strictEqual(kept.rawLine(i), raw, `raw line ${i}`));
      const trace = columnsOnly.finish();
      assert.deepStrictEqual([trace.skippedLines, trace.totalLines, trace.runs, trace.scavenges], [whole.skippedLines, whole.totalLines, whole.runs, whole.scavenges]);
      assert.deepStrictEqual(trace.columns, whole.columns, `columns only, a reused buffer of ${size}`);
      assert.strictEqual(columnsOnly.rawLine(0), undefined);
    }
    // The last two cycles were mended: the non-ASCII text the application wrote into them is cut out.
    assert.deepStrictEqual(whole.cycles.slice(-2).map((cycle) => [cycle.n, cycle.cpu]), [
      [41, '0.24+0.35/1.1/2.4+0.012'],
      [41, '0.24+0.35/1.1/2.4+0.012'],
    ]);
  });

  it('mends a trace line the application cut in two or wrote into', () => {
    const trace = parseGcTrace(
      [
        'progress: gc 22 @0.454s 3%: 0.096+0.56+0.003 ms clock, 0.19+0/0.18/0+0.007 ms cpu, ok',
        '3->4->1 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P',
        'gc 23 @2.065s 1%: 0.016+1.7+0.002 ms clock, 0.033+0.20/0.12/0+0.005 ms cpu, 4->4->2progress:  MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P',
        'progress: gc ok',
        '24 @4.497s 1%: 0.082+1.4+0.003 ms clock, 0.16+0.17/0.10/0+0.007 ms cpu, 10->11->5 MB, 11 MB goal, 0 MB stacks, 0 MB globals, 2 P',
      ].join('\n'),
    );
    assert.deepStrictEqual(
      trace.cycles.map((c) => [c.n, c.heapStartMB, c.heapEndMB, c.heapLiveMB, c.line]),
      [
        [22, 3, 4, 1, 0],
        [23, 4, 4, 2, 2],
        [24, 10, 11, 5, 3],
      ],
    );
    assert.strictEqual(trace.skippedLines, 0);
  });

  it('keeps the cycles as columns that agree with the cycle objects, and each raw line', () => {
    const text = read('interleaved/app.log') + read('leaking/leaking.gctrace').replace(/\n/g, '\r\n');
    const parser = new GcTraceParser();
    for (let i = 0; i < text.length; i += 4099) parser.push(text.slice(i, i + 4099));
    const trace = parser.finish();
    const columns = trace.columns;
    assert.strictEqual(columns.length, trace.cycles.length);
    const lines = text.split('\n');
    trace.cycles.forEach((cycle, i) => {
      for (const field of ['n', 'atSeconds', 'cpuPercent', 'pauseMs', 'heapStartMB', 'heapEndMB', 'heapLiveMB', 'goalMB', 'procs', 'line', 'run'] as const) {
        assert.strictEqual(columns[field][i], cycle[field], `${field} of cycle ${i}`);
      }
      assert.strictEqual(columns.forced[i], cycle.forced ? 1 : 0);
      assert.strictEqual(Number.isNaN(columns.stacksMB[i]) ? undefined : columns.stacksMB[i], cycle.stacksMB);
      // Unmended lines come back as the log has them, without the CR.
      const raw = parser.rawLine(i)!;
      assert.ok(raw.includes(cycle.clock) && raw.includes(cycle.cpu), raw);
      if (!raw.includes('\n')) assert.strictEqual(raw, lines[cycle.line].replace(/\r$/, ''));
    });
    assert.strictEqual(parser.rawLine(columns.length), undefined);
    // Objects are made only when asked for, once.
    assert.strictEqual(trace.cycles, trace.cycles);
  });

  it('mends split lines into columns, raw lines and objects alike', () => {
    const parser = new GcTraceParser();
    parser.push(['progress: gc 22 @0.454s 3%: 0.096+0.56+0.003 ms clock, 0.19+0/0.18/0+0.007 ms cpu, ok', '3->4->1 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P', ''].join('\n'));
    const trace = parser.finish();
    assert.strictEqual(trace.columns.length, 1);
    assert.strictEqual(trace.cycles[0].clock, '0.096+0.56+0.003');
    assert.strictEqual(trace.cycles[0].cpu, '0.19+0/0.18/0+0.007');
    assert.strictEqual(trace.columns.pauseMs[0], 0.099);
    assert.match(parser.rawLine(0)!, /^progress: gc 22 .* ok\n3->4->1 MB/);
  });

  it('counts runs when the cycle numbers restart', () => {
    const trace = parseGcTrace([line(1, 0.1, 3), line(2, 0.2, 3), line(1, 0.05, 5), line(2, 0.1, 5)].join('\n'));
    assert.strictEqual(trace.runs, 2);
    assert.deepStrictEqual(
      trace.cycles.map((c) => c.run),
      [0, 0, 1, 1],
    );
    const analysis = analyzeGcTrace(trace);
    assert.strictEqual(analysis.firstCycle, 2);
    assert.match(analysis.verdicts[0].sentence, /2 runs.*last one, from line 3/);
  });
});

describe('GC trace verdicts', () => {
  it('calls the recorded leaking program growing, with its rate per minute and the cycles that show it', () => {
    const trace = parseGcTrace(read('leaking/leaking.gctrace'));
    const analysis = analyzeGcTrace(trace);
    assert.strictEqual(analysis.trend, 'growing');
    assert.ok(analysis.liveRateMBPerMinute > 100, `rate ${analysis.liveRateMBPerMinute}`);
    const verdict = analysis.verdicts.find((v) => v.kind === 'growing')!;
    assert.match(verdict.sentence, /grows steadily, about [\d.]+ (MB|GB) per minute/);
    assert.ok(verdict.cycles.includes(trace.cycles.length - 1));
    assert.match(verdict.sentence, new RegExp(`cycle ${trace.cycles[trace.cycles.length - 1].n} at`));
  });

  it('calls the recorded churning program steady, although its live heap warmed up first', () => {
    const analysis = analyzeGcTrace(parseGcTrace(read('churning/churning.gctrace')));
    assert.strictEqual(analysis.trend, 'steady');
    const verdict = analysis.verdicts.find((v) => v.kind === 'steady')!;
    assert.match(verdict.sentence, /stays flat around \d+ MB/);
    assert.ok(!analysis.verdicts.some((v) => v.kind === 'growing'));
  });

  it('reads the same cycles from the interleaved application log as from the clean trace of the same run', () => {
    const interleaved = parseGcTrace(read('interleaved/app.log'));
    const clean = parseGcTrace(read('interleaved/clean.gctrace'));
    assert.ok(clean.cycles.length > 100);
    assert.deepStrictEqual(withoutLine(interleaved.cycles), withoutLine(clean.cycles));
    assert.ok(interleaved.skippedLines > 500, `${interleaved.skippedLines} skipped`);
    assert.deepStrictEqual(analyzeGcTrace(interleaved).verdicts.map((v) => v.sentence), analyzeGcTrace(clean).verdicts.map((v) => v.sentence));
  });

  it('sees GOMEMLIMIT pinning the goal in the recorded run with a 48 MiB limit', () => {
    const trace = parseGcTrace(read('leaking/memlimit.gctrace'));
    const pinned = analyzeGcTrace(trace).verdicts.find((v) => v.kind === 'goalPinned');
    assert.ok(pinned, 'no goalPinned verdict');
    assert.match(pinned.sentence, /heap goal stops following the live heap: it stays near \d+ MB/);
    assert.match(pinned.sentence, /a collection comes after every (less than 1|[\d.]+) MB allocated instead of every [\d.]+ MB/);
    // The same program without a limit has a goal that keeps following the live heap.
    assert.ok(!analyzeGcTrace(parseGcTrace(read('leaking/leaking.gctrace'))).verdicts.some((v) => v.kind === 'goalPinned'));
  });

  it('reads the scavenger and forced collections of the recorded scavtrace run', () => {
    const trace = parseGcTrace(read('scavenging/scavenging.gctrace'));
    assert.ok(trace.scavenges.length >= 6);
    assert.ok(trace.scavenges.some((s) => s.forced && (s.releasedSinceMB ?? 0) > 10));
    assert.strictEqual(trace.cycles.filter((c) => c.forced).length, 6);
    assert.strictEqual(trace.skippedLines, 0);
  });

  it('does not call a noisy but level live heap a leak', () => {
    const next = random(7);
    const lines = Array.from({ length: 300 }, (_, i) => line(i + 1, i * 0.5, Math.round(40 + (next() - 0.5) * 30)));
    assert.strictEqual(analyzeGcTrace(parseGcTrace(lines.join('\n'))).trend, 'steady');
  });

  it('calls a slow leak under heavy noise growing', () => {
    const next = random(11);
    const lines = Array.from({ length: 600 }, (_, i) => line(i + 1, i, Math.round(40 + i * 0.1 + (next() - 0.5) * 20)));
    const analysis = analyzeGcTrace(parseGcTrace(lines.join('\n')));
    assert.strictEqual(analysis.trend, 'growing');
    assert.ok(Math.abs(analysis.liveRateMBPerMinute - 6) < 2, `rate ${analysis.liveRateMBPerMinute}`);
  });

  it('calls a live heap that drains shrinking', () => {
    const lines = Array.from({ length: 50 }, (_, i) => line(i + 1, i, 200 - i * 3));
    assert.strictEqual(analyzeGcTrace(parseGcTrace(lines.join('\n'))).trend, 'shrinking');
  });

  it('says when there are too few cycles to tell', () => {
    const analysis = analyzeGcTrace(parseGcTrace([line(1, 0.1, 3), line(2, 0.2, 30)].join('\n')));
    assert.strictEqual(analysis.trend, 'steady');
    assert.strictEqual(analysis.verdicts[0].kind, 'tooFewCycles');
  });

  it('flags GC CPU above 10% since the cycle it went above, and not below', () => {
    const high = Array.from({ length: 20 }, (_, i) => line(i + 1, i, 10, { cpu: i < 12 ? 5 : 14 }));
    const verdict = analyzeGcTrace(parseGcTrace(high.join('\n'))).verdicts.find((v) => v.kind === 'gcCpu')!;
    assert.match(verdict.sentence, /used 14% of the CPU.*above 10% since cycle 13/);
    assert.deepStrictEqual(verdict.cycles, [12, 19]);
    const low = Array.from({ length: 20 }, (_, i) => line(i + 1, i, 10, { cpu: 10 }));
    assert.ok(!analyzeGcTrace(parseGcTrace(low.join('\n'))).verdicts.some((v) => v.kind === 'gcCpu'));
  });

  it('says forced collections dominate only when more than half are forced', () => {
    const mostly = Array.from({ length: 10 }, (_, i) => line(i + 1, i, 10, { forced: i % 4 !== 0 }));
    assert.match(analyzeGcTrace(parseGcTrace(mostly.join('\n'))).verdicts.find((v) => v.kind === 'forced')!.sentence, /7 of 10 cycles/);
    const some = Array.from({ length: 10 }, (_, i) => line(i + 1, i, 10, { forced: i % 2 === 0 }));
    assert.ok(!analyzeGcTrace(parseGcTrace(some.join('\n'))).verdicts.some((v) => v.kind === 'forced'));
  });
});

describe('gomem gctrace', () => {
  async function run(args: string[], stdin?: string) {
    let stdout = '';
    let stderr = '';
    const io = { stdout: (s: string) => (stdout += s), stderr: (s: string) => (stderr += s), stdin: stdin === undefined ? undefined : Readable.from([stdin]) };
    const code = stdin === undefined ? await runCli(['gctrace', ...args], io) : await runGcTraceCommand(args, io);
    return { code, stdout, stderr };
  }

  it('prints the documented JSON shape', async () => {
    const { code, stdout } = await run(['--format', 'json', path.join(TRACES, 'interleaved', 'app.log')]);
    assert.strictEqual(code, 0);
    const report = JSON.parse(stdout);
    assert.deepStrictEqual(Object.keys(report), ['version', 'cycles', 'skippedLines', 'trend', 'verdicts']);
    assert.strictEqual(report.version, 1);
    assert.deepStrictEqual(Object.keys(report.cycles[0]), ['n', 'atSeconds', 'cpuPercent', 'heapStartMB', 'heapEndMB', 'heapLiveMB', 'goalMB', 'forced']);
    const clean = parseGcTrace(read('interleaved/clean.gctrace'));
    assert.strictEqual(report.cycles.length, clean.cycles.length);
    assert.deepStrictEqual(report.cycles[5], {
      n: clean.cycles[5].n,
      atSeconds: clean.cycles[5].atSeconds,
      cpuPercent: clean.cycles[5].cpuPercent,
      heapStartMB: clean.cycles[5].heapStartMB,
      heapEndMB: clean.cycles[5].heapEndMB,
      heapLiveMB: clean.cycles[5].heapLiveMB,
      goalMB: clean.cycles[5].goalMB,
      forced: false,
    });
    assert.ok(report.skippedLines > 500);
    assert.ok(['growing', 'steady', 'shrinking'].includes(report.trend));
    assert.ok(report.verdicts.length >= 1 && report.verdicts.every((v: unknown) => typeof v === 'string'));
  });

  it('writes the JSON document byte for byte as JSON.stringify would', () => {
    for (const name of ['interleaved/app.log', 'leaking/memlimit.gctrace', 'scavenging/scavenging.gctrace']) {
      const trace = parseGcTrace(read(name));
      assert.strictEqual(new TextDecoder().decode(gcTraceJsonBytes(trace)), JSON.stringify(gcTraceJson(trace)) + '\n', name);
    }
    // Numbers of every shape a log can hold: times with up to 9 decimals (and more digits than a
    // double keeps), huge and tiny ones, across the writer's 64 KB pieces.
    const next = random(14);
    const lines: string[] = [];
    for (let n = 1; n <= 3000; n++) {
      const decimals = Math.floor(next() * 10);
      const at = (next() * 10 ** Math.floor(next() * 12)).toFixed(decimals);
      const heap = Math.floor(next() * 10 ** Math.floor(next() * 20));
      lines.push(`gc ${n} @${at}s ${Math.floor(next() * 100)}%: 0.01+${next().toFixed(4)}+0.002 ms clock, 0.1+0.2/0.3/0.4+0.05 ms cpu, ${heap}->${heap + 1}->${heap} MB, ${heap + 2} MB goal, 0 MB stacks, 0 MB globals, 4 P`);
    }
    ['0.0000001', '0.000001', '0.0000015', '999999999.5', '1000000000.25', '123456.1234567891234', '0.1', '0.30000000000000004', '8.000001'].forEach((at, i) =>
      lines.push(line(3001 + i, 0, 1).replace('@0.000s', `@${at}s`)),
    );
    const trace = parseGcTrace(lines.join('\n'));
    assert.strictEqual(new TextDecoder().decode(gcTraceJsonBytes(trace)), JSON.stringify(gcTraceJson(trace)) + '\n', 'random numbers');
  });

  it('runs from its own bundle through bin/gomem.js, with the same output as the whole CLI', async function () {
    this.timeout(20_000);
    const bin = path.join(ROOT, 'bin', 'gomem.js');
    const file = path.join(TRACES, 'leaking', 'memlimit.gctrace');
    for (const format of ['json', 'text']) {
      const child = spawnSync(process.execPath, [bin, 'gctrace', '--format', format, file], { encoding: 'utf8' });
      assert.strictEqual(child.status, 0, child.stderr);
      assert.strictEqual(child.stdout, (await run(['--format', format, file])).stdout, format);
    }
    // It loads no linter: the bundle holds neither tree-sitter nor the rules.
    const bundle = fs.readFileSync(path.join(ROOT, 'dist', 'cli', 'gctrace.js'), 'utf8');
    assert.ok(!/web-tree-sitter|tree-sitter-go|ALL_RULES|pprof-format/.test(bundle));
    const bad = spawnSync(process.execPath, [bin, 'gctrace', '--format', 'xml', file], { encoding: 'utf8' });
    assert.strictEqual(bad.status, 2);
    assert.match(bad.stderr, /^gomem: unknown format "xml" \(text or json\)\nusage: gomem gctrace/);
    const empty = spawnSync(process.execPath, [bin, 'gctrace', '-'], { input: 'hello\n', encoding: 'utf8' });
    assert.strictEqual(empty.status, 2);
    assert.match(empty.stderr, /standard input holds no GC trace line/);
  });

  it('prints a short text summary with the verdicts', async () => {
    const { code, stdout } = await run([path.join(TRACES, 'leaking', 'leaking.gctrace')]);
    assert.strictEqual(code, 0);
    assert.match(stdout, /^cycles: +143 \(gc 1-143\)/m);
    assert.match(stdout, /^live heap: +first 2 MB, last 229 MB, max 229 MB/m);
    assert.match(stdout, /^GC CPU: +7% since start/m);
    assert.match(stdout, /^trend: +growing/m);
    assert.match(stdout, /^- The live heap after each collection grows steadily/m);
  });

  it('reads standard input with -', async () => {
    const { code, stdout } = await run(['--format', 'json', '-'], read('churning/churning.gctrace'));
    assert.strictEqual(code, 0);
    assert.strictEqual(JSON.parse(stdout).trend, 'steady');
  });

  it('exits 2 with one sentence when the input holds no trace line', async () => {
    const { code, stdout, stderr } = await run(['-'], 'hello\nworld\n');
    assert.strictEqual(code, 2);
    assert.strictEqual(stdout, '');
    assert.strictEqual(stderr.trim().split('\n').length, 1);
    assert.match(stderr, /standard input holds no GC trace line .*GODEBUG=gctrace=1/);
  });

  it('exits 2 on a missing file and on a bad format', async () => {
    const missing = await run([path.join(TRACES, 'nope.gctrace')]);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /no such file/);
    const format = await run(['--format', 'xml', path.join(TRACES, 'leaking', 'leaking.gctrace')]);
    assert.strictEqual(format.code, 2);
    assert.match(format.stderr, /unknown format "xml"/);
  });
});
