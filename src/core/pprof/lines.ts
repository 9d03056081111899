// Per-line values for a source view (pprof's "lines" granularity, as `pprof -list` uses it).
import { Profile } from './model';

export interface LineRow {
  file: string;
  line: number;
  flat: number;
  cum: number;
}

/**
 * Flat and cum per source line of one function: flat to the leaf frame's line, cum once per
 * sample per line (recursion through the same line counts once). Sorted by file, then line.
 */
export function lineTable(profile: Profile, sampleIndex: number, functionIndex: number): LineRow[] {
  const rows = new Map<string, LineRow & { lastSample: number }>();
  const rowOf = (frameId: number) => {
    const frame = profile.frames[frameId];
    const key = `${frame.file}\n${frame.line}`;
    let row = rows.get(key);
    if (!row) {
      row = { file: frame.file, line: frame.line, flat: 0, cum: 0, lastSample: -1 };
      rows.set(key, row);
    }
    return row;
  };
  const samples = profile.samples;
  for (let s = 0; s < samples.length; s++) {
    const value = samples[s].values[sampleIndex];
    if (value === 0) {
      continue;
    }
    const stack = samples[s].locations;
    for (let l = 0; l < stack.length; l++) {
      const frames = profile.locations[stack[l]].frames;
      for (let f = 0; f < frames.length; f++) {
        if (profile.frames[frames[f]].functionIndex !== functionIndex) {
          continue;
        }
        const row = rowOf(frames[f]);
        if (row.lastSample !== s) {
          row.lastSample = s;
          row.cum += value;
        }
        if (l === 0 && f === 0) {
          row.flat += value;
        }
      }
    }
  }
  return [...rows.values()]
    .map(({ file, line, flat, cum }) => ({ file, line, flat, cum }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}
