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
  fs.writeFileSync(path.join(target, 'saved-page.pprof'), '<!DOCTYPE html><html><body>pprof index</body></html>');
  return target;
}
