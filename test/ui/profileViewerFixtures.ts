// Profiles the profile viewer's tests open: the committed fixtures plus files made on the spot (a
// profile whose function names are HTML and script, a corrupt gzip). Also copies the Go programs
// the fixtures were recorded from into a workspace, so jump-to-source has files to find.
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { Function as PprofFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const PPROF_FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'pprof');
/** The Go programs the committed profiles were recorded from, each in its folder beside them. */
const RECORDED_PROGRAMS = ['cache_leak', 'goroutine_leak', 'goroutines', 'pool_leak'];

/** Function names that would run script if the viewer ever parsed them as HTML. */
export const HOSTILE_NAMES = [
  'main.<img src=x onerror="document.body.dataset.injected=1">',
  'main.</script><script>document.body.dataset.injected=2</script>',
  'main.<b id="injected-bold">bold</b>',
];

/** A heap-like profile whose every function name is markup. */
export function hostileProfileBytes(): Buffer {
  const strings = new StringTable();
  const functions = HOSTILE_NAMES.map(
    (name, index) => new PprofFunction({ id: index + 1, name: strings.dedup(name), filename: strings.dedup(`/src/<img src=x onerror=alert(${index})>.go`), startLine: 10 }),
  );
  const locations = functions.map((fn, index) => new Location({ id: index + 1, line: [new Line({ functionId: fn.id, line: 12 })] }));
  const profile = new Profile({
    sampleType: [new ValueType({ type: strings.dedup('inuse_space'), unit: strings.dedup('bytes') })],
    // Leaf first: the innermost hostile name calls nothing and holds all the memory.
    sample: [new Sample({ locationId: [3, 2, 1], value: [4 << 20] }), new Sample({ locationId: [2, 1], value: [1 << 20] })],
    location: locations,
    function: functions,
    stringTable: strings,
  });
  return zlib.gzipSync(profile.encode());
}

/** Where the "elsewhere" profile says its sources were built; nothing in the workspace matches it. */
export const ELSEWHERE_BUILD_ROOT = '/build/ci/elsewhere-app';

/** The sources of the "elsewhere" profile, relative to its build root, with the line each function samples. */
export const ELSEWHERE_SOURCES = [
  { function: 'elsewhere-app/store.(*Index).grow', file: 'store/index.go', line: 7, text: 'package store\n\ntype Index struct{ keys [][]byte }\n\n// grow allocates the next segment.\nfunc (x *Index) grow(n int) {\n\tx.keys = append(x.keys, make([]byte, n))\n}\n' },
  { function: 'main.main', file: 'cmd/indexer/main.go', line: 6, text: 'package main\n\nimport "elsewhere-app/store"\n\nfunc main() {\n\tstore.Run()\n}\n' },
];

/** A heap profile built on another machine whose sources the user must point gomem to. */
export function elsewhereProfileBytes(): Buffer {
  const strings = new StringTable();
  const functions = ELSEWHERE_SOURCES.map(
    (source, index) => new PprofFunction({ id: index + 1, name: strings.dedup(source.function), filename: strings.dedup(`${ELSEWHERE_BUILD_ROOT}/${source.file}`), startLine: source.line }),
  );
  const locations = functions.map((fn, index) => new Location({ id: index + 1, line: [new Line({ functionId: fn.id, line: ELSEWHERE_SOURCES[index].line })] }));
  const profile = new Profile({
    sampleType: [new ValueType({ type: strings.dedup('inuse_space'), unit: strings.dedup('bytes') })],
    sample: [new Sample({ locationId: [1, 2], value: [8 << 20] }), new Sample({ locationId: [2], value: [1 << 20] })],
    location: locations,
    function: functions,
    stringTable: strings,
  });
  return zlib.gzipSync(profile.encode());
}

/** Writes the "elsewhere" sources under `folder` (outside the workspace), as a checkout of them. */
export function writeElsewhereSources(folder: string): void {
  for (const source of ELSEWHERE_SOURCES) {
    fs.mkdirSync(path.dirname(path.join(folder, source.file)), { recursive: true });
    fs.writeFileSync(path.join(folder, source.file), source.text);
  }
}

/** Gzip whose stream stops half way: the viewer must say the file is truncated. */
export function truncatedGzipBytes(): Buffer {
  const whole = fs.readFileSync(path.join(PPROF_FIXTURES, 'cache_leak.heap.pb.gz'));
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/**
 * Copies the fixture programs and profiles into `workspace/profiles/`: the profiles record
 * `/tmp/pprof-probe/out/<case>/main.go`, which the viewer must map to `profiles/<case>/main.go`.
 */
export function populateProfileWorkspace(workspace: string): string {
  const target = path.join(workspace, 'profiles');
  for (const program of RECORDED_PROGRAMS) fs.cpSync(path.join(PPROF_FIXTURES, program), path.join(target, program), { recursive: true });
  for (const name of fs.readdirSync(PPROF_FIXTURES)) {
    if (name.endsWith('.pb.gz') || name.endsWith('.txt')) fs.copyFileSync(path.join(PPROF_FIXTURES, name), path.join(target, name));
  }
  fs.writeFileSync(path.join(target, 'hostile.pb.gz'), hostileProfileBytes());
  fs.writeFileSync(path.join(target, 'truncated.pb.gz'), truncatedGzipBytes());
  fs.writeFileSync(path.join(target, 'elsewhere.heap.pb.gz'), elsewhereProfileBytes());
  fs.writeFileSync(path.join(target, 'saved-page.pprof'), '<!DOCTYPE html><html><body>pprof index</body></html>');
  return target;
}
