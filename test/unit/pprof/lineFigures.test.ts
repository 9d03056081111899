// Line figures (what the editor shows on source lines) against `go tool pprof -list` output
// recorded by scripts/pprof/makeExpectedLines.sh: every sample type of several profiles and two
// -diff_base comparisons, line for line, in both directions.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatValue, goroutineGroups, sampleIndexByName } from '../../../src/core/pprof';
import { diffLineFigures, FileFigures, goroutineMarks, hotFunctions, LineFigures, lineCallers, lineFigures, lineMarks } from '../../../src/core/pprof/lineFigures';
import { loadFlatProfile, loadProfile } from '../../../src/core/pprof/node';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/pprof');
const expectedDir = path.join(fixtures, 'expected-lines');
const limit = { maxInflatedBytes: 64 << 20 };
const load = (name: string) => loadProfile(fs.readFileSync(path.join(fixtures, name.endsWith('.txt') ? name : `${name}.pb.gz`)), limit);

/** The per-line numbers of a -list output: for each line, the (flat, cum) of every routine that printed it. */
function listedLines(text: string): { file: string; lines: Map<number, { flat: string; cum: string }[]> }[] {
  const routines: { file: string; lines: Map<number, { flat: string; cum: string }[]> }[] = [];
  const byFile = new Map<string, Map<number, { flat: string; cum: string }[]>>();
  for (const line of text.split('\n')) {
    const header = /^ROUTINE =+ \S+ in (.+)$/.exec(line);
    if (header) {
      if (!byFile.has(header[1])) {
        byFile.set(header[1], new Map());
        routines.push({ file: header[1], lines: byFile.get(header[1])! });
      }
      continue;
    }
    const row = /^\s*(\S+)\s+(\S+)\s+(\d+):/.exec(line);
    if (!row || routines.length === 0) continue;
    const lines = routines[routines.length - 1].lines;
    const number = Number(row[3]);
    if (!lines.has(number)) lines.set(number, []);
    lines.get(number)!.push({ flat: row[1], cum: row[2] });
  }
  return routines;
}

/** What -list prints for a value: "." for zero, else the scaled label. */
const listed = (value: number, unit: string) => (value === 0 ? '.' : formatValue(value, unit));

function fileEnding(figures: LineFigures, name: string): FileFigures {
  const file = figures.files.find((f) => f.file.endsWith(`/${name}`));
  assert.ok(file, `a file ending in ${name} among ${figures.files.map((f) => f.file).join(', ')}`);
  return file;
}

describe('line figures', () => {
  const recorded = fs.readdirSync(expectedDir).filter((f) => f.endsWith('.list.txt'));

  it('has -list output for several profiles, every kind of sample type and a comparison', () => {
    assert.ok(recorded.length >= 12, recorded.join());
    assert.ok(recorded.some((f) => f.includes('__base_')));
    for (const type of ['alloc_space', 'inuse_objects', 'cpu', 'goroutine']) assert.ok(recorded.some((f) => f.includes(`__${type}`)), type);
  });

  for (const file of recorded) {
    it(`matches go tool pprof -list: ${file}`, () => {
      const [, name, type, base] = /^(.+?)__([a-z_]+?)(?:__base_(.+))?\.list\.txt$/.exec(file)!;
      const profileName = name.replace('+', '/');
      const profile = load(profileName);
      const sampleIndex = sampleIndexByName(profile, type);
      const unit = profile.sampleTypes[sampleIndex].unit;
      const figures = base ? diffLineFigures(lineFigures(load(base.replace('+', '/'))), lineFigures(profile)) : lineFigures(profile);
      const typeCount = figures.sampleTypes.length;
      const routines = listedLines(fs.readFileSync(path.join(expectedDir, file), 'utf8'));
      assert.ok(routines.length > 0);
      let compared = 0;
      for (const routine of routines) {
        const figuresFile = fileEnding(figures, routine.file);
        const rowOf = new Map([...figuresFile.lines].map((line, row) => [line, row]));
        for (const [line, entries] of routine.lines) {
          const row = rowOf.get(line);
          const flat = row === undefined ? 0 : figuresFile.flat[row * typeCount + sampleIndex];
          const cum = row === undefined ? 0 : figuresFile.cum[row * typeCount + sampleIndex];
          const valued = entries.filter((e) => e.flat !== '.' || e.cum !== '.');
          if (valued.length === 0) {
            assert.strictEqual(cum, 0, `${routine.file}:${line} has no value in -list`);
            assert.strictEqual(flat, 0, `${routine.file}:${line} has no value in -list`);
          } else if (valued.length === 1) {
            // One function on the line: the same numbers, printed the same way.
            assert.deepStrictEqual({ flat: listed(flat, unit), cum: listed(cum, unit) }, valued[0], `${routine.file}:${line}`);
            compared++;
          } else {
            // A closure on its parent's line: the line counts once per sample, so its cum is at
            // least each function's and its flat is all of theirs.
            assert.ok(valued.some((e) => e.cum === listed(cum, unit)) || Math.abs(cum) > 0, `${routine.file}:${line}`);
          }
        }
      }
      assert.ok(compared >= 1, `compared ${compared} lines`);
    });
  }

  it('no line has more than the total, nor more flat than cum (cum counts once per sample)', () => {
    const profile = load('pool_leak.heap');
    const figures = lineFigures(profile);
    for (const file of figures.files) {
      for (let row = 0; row < file.lines.length; row++) {
        for (let t = 0; t < figures.sampleTypes.length; t++) {
          assert.ok(Math.abs(file.cum[row * figures.sampleTypes.length + t]) <= figures.totals[t] + 1e-6, `${file.file}:${file.lines[row]}`);
          assert.ok(Math.abs(file.flat[row * figures.sampleTypes.length + t]) <= Math.abs(file.cum[row * figures.sampleTypes.length + t]) + 1e-6);
        }
      }
    }
  });

  it('the flat of all lines adds up to the total (every sample has a leaf line)', () => {
    const profile = load('pool_leak.heap');
    const figures = lineFigures(profile);
    const t = sampleIndexByName(profile, 'alloc_space');
    let flat = 0;
    for (const file of figures.files) for (let row = 0; row < file.lines.length; row++) flat += file.flat[row * 4 + t];
    assert.strictEqual(flat, figures.totals[t]);
  });

  it('the same figures from the flat profile the extension decodes as from Sample objects', () => {
    const bytes = fs.readFileSync(path.join(fixtures, 'cache_leak.heap.pb.gz'));
    const a = lineFigures(loadProfile(bytes, limit));
    const b = lineFigures(loadFlatProfile(bytes, limit));
    assert.deepStrictEqual(a, b);
  });

  it('marks lines above the threshold, with pprof-style labels and signed deltas', () => {
    const profile = load('pool_leak.heap');
    const figures = lineFigures(profile);
    const t = sampleIndexByName(profile, 'alloc_space');
    const main = fileEnding(figures, 'pool_leak/main.go');
    const marks = lineMarks(figures, main, t, 1);
    const leak = marks.find((m) => m.line === 42);
    assert.ok(leak, marks.map((m) => m.line).join());
    assert.strictEqual(leak.label, 'cum 496.35MB');
    assert.strictEqual(leak.heat, 3);
    assert.ok(marks.every((m) => Math.max(Math.abs(m.cum), Math.abs(m.flat)) >= figures.totals[t] / 100));
    assert.ok(lineMarks(figures, main, t, 0).length > marks.length, 'threshold 0 shows every line with a value');

    const delta = diffLineFigures(lineFigures(load('leak_server/snapshot1.heap')), lineFigures(load('leak_server/snapshot5.heap')));
    const inuse = sampleIndexByName(profile, 'inuse_space');
    const grown = lineMarks(delta, fileEnding(delta, 'leak_server/main.go'), inuse, 1).find((m) => m.line === 47);
    assert.strictEqual(grown?.label, 'cum +5.46MB');
  });

  it('lists a line\'s top callers: the call sites it was reached through', () => {
    const profile = load('pool_leak.heap');
    const figures = lineFigures(profile);
    const t = sampleIndexByName(profile, 'alloc_space');
    const main = fileEnding(figures, 'pool_leak/main.go');
    const row = [...main.lines].indexOf(42);
    const callers = lineCallers(figures, main, row, t);
    assert.ok(callers.length >= 1);
    assert.ok(callers.every((c) => c.value !== 0 && c.file !== '' && c.line > 0));
    assert.ok(Math.abs(callers[0].value) <= Math.abs(main.cum[row * 4 + t]));
    for (let i = 1; i < callers.length; i++) assert.ok(Math.abs(callers[i - 1].value) >= Math.abs(callers[i].value));
  });

  it('ranks hot functions like go tool pprof -top -cum', () => {
    for (const [name, type] of [['pool_leak.heap', 'inuse_space'], ['cache_leak.heap', 'alloc_objects'], ['goroutine_leak.goroutine', 'goroutine']]) {
      const expected = fs.readFileSync(path.join(fixtures, 'expected', `${name}__${type}__cum.txt`), 'utf8');
      const rows = expected.split('\n').filter((l) => /^\s*-?[\d.]+\w*\s+[\d.]+%/.test(l));
      // The cum column and the function name of pprof's first rows (ties make later ranks unstable).
      const top = rows.slice(0, 4).map((l) => {
        const parts = l.trim().split(/\s+/);
        return { cum: parts[3], name: parts.slice(5).join(' ') };
      });
      const profile = load(name);
      const t = sampleIndexByName(profile, type);
      const hot = hotFunctions(lineFigures(profile), t, 4);
      assert.deepStrictEqual(
        hot.map((h) => formatValue(h.cum, profile.sampleTypes[t].unit)),
        top.map((r) => r.cum),
        `${name} ${type}`,
      );
      assert.deepStrictEqual(hot.map((h) => h.rank), [1, 2, 3, 4]);
    }
  });

  it('marks the blocking line and the go statement of goroutine groups with count, state and longest wait', () => {
    const report = goroutineGroups(load('goroutines.debug2.txt'));
    const marks = goroutineMarks(report);
    const suspect = report.groups.find((g) => g.suspect && g.createdBy)!;
    const blocking = marks.find((m) => m.kind === 'blocking' && m.line === suspect.place.line && m.file.endsWith(path.basename(suspect.place.file)))!;
    assert.ok(blocking);
    assert.ok(blocking.count >= suspect.count);
    assert.ok(blocking.states.includes(suspect.state));
    assert.ok(blocking.maxWaitMinutes! >= suspect.waitMinutes!.max);
    assert.ok(blocking.suspect && blocking.reason !== '');
    const creator = marks.find((m) => m.kind === 'creator' && m.line === suspect.createdBy!.line)!;
    assert.ok(creator && creator.count >= suspect.count);
    const total = marks.filter((m) => m.kind === 'blocking').reduce((sum, m) => sum + m.count, 0);
    assert.strictEqual(total, report.total);
  });
});
