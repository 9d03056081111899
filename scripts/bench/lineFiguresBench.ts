// Profile figures in the editor (issue 11 point 7) for `npm run bench lineFigures`: the large
// heap profile's line figures computed in the worker, then what the extension host does to show
// them in an open 5,000-line file (lay out the file's marks and build the decorations), and what a
// keystroke costs in the decorated file (shifting the marks).
import * as fs from 'fs';
import * as path from 'path';
import { lineFigures, lineMarks, diffLineFigures } from '../../src/core/pprof/lineFigures';
import { loadFlatProfile } from '../../src/core/pprof/node';
import { shiftLines } from '../../src/client/profileInEditor/lineShift';
import type { BenchRow } from './benchRow';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const LARGE_PROFILE = path.join(ROOT, 'test', 'fixtures', 'pprof', 'large', 'large.heap.pb.gz');
const FILE_LINES = 5000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed<T>(run: () => T): [T, number] {
  const started = performance.now();
  const result = run();
  return [result, performance.now() - started];
}

export async function benchLineFigures(): Promise<BenchRow[]> {
  if (!fs.existsSync(LARGE_PROFILE)) return [{ name: 'line figures', value: NaN, unit: 'ms', note: 'no large profile' }];
  const profile = loadFlatProfile(fs.readFileSync(LARGE_PROFILE));
  const figureRuns: number[] = [];
  let figures = lineFigures(profile);
  for (let i = 0; i < 3; i++) {
    const [result, ms] = timed(() => lineFigures(profile));
    figures = result;
    figureRuns.push(ms);
  }
  const [, diffMs] = timed(() => diffLineFigures(figures, figures));
  // The host's part: the recorded file with the most lines, shown in a 5,000-line document.
  const file = figures.files.reduce((a, b) => (b.lines.length > a.lines.length ? b : a));
  const sampleIndex = figures.sampleTypes.findIndex((t) => t.type === 'alloc_space');
  const hostRuns: number[] = [];
  let shown = 0;
  for (let i = 0; i < 7; i++) {
    const [count, ms] = timed(() => {
      const marks = lineMarks(figures, file, sampleIndex, 0, FILE_LINES);
      const decorations: { line: number; text: string }[] = [];
      for (const mark of marks) decorations.push({ line: mark.line - 1, text: mark.label });
      return decorations.length;
    });
    shown = count;
    hostRuns.push(ms);
  }
  const lines = Int32Array.from({ length: shown }, (_, i) => i * 3);
  const [, shiftMs] = timed(() => {
    for (let i = 0; i < 1000; i++) shiftLines(lines, { startLine: 100, endLine: 100, insertedLineBreaks: i % 2, beforeStartLineCode: false });
  });
  return [
    { name: 'line figures: large profile, all lines and sample types (worker)', value: median(figureRuns), unit: 'ms', note: `${figures.files.reduce((n, f) => n + f.lines.length, 0)} lines in ${figures.files.length} files` },
    { name: 'line figures: large profile compared with itself (worker)', value: diffMs, unit: 'ms' },
    { name: 'line figures: host time to show them in a 5,000-line file (goal < 100 ms)', value: median(hostRuns), unit: 'ms', note: `${shown} lines marked, threshold 0` },
    { name: 'line figures: shifting the marks for one keystroke', value: (shiftMs * 1000) / 1000, unit: 'µs', note: `${shown} marks` },
  ];
}
