import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { runCli } from '../../src/cli/main';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** A Go module with three findings and the heap profile its main.go wrote (see main.go there). */
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'evidence');
const PROFILE = 'evidence.heap.pb.gz';

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    return { code, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}

interface JsonDiagnostic {
  file: string;
  rule: string;
  message: string;
  range: { start: { line: number } };
  evidence?: { file: string; sampleType: string; unit: string; value: number };
}

describe('gomem lint --profile', function () {
  this.timeout(30_000);
  let workspace: string;
  let lineOf: (needle: string) => number;

  beforeEach(() => {
    // A copy elsewhere: the profile (built with -trimpath) names files by module path, not by this machine's folders.
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-evidence-'));
    fs.cpSync(FIXTURE, workspace, { recursive: true });
    const lines = fs.readFileSync(path.join(workspace, 'archive.go'), 'utf8').split('\n');
    lineOf = (needle) => lines.findIndex((line) => line.includes(needle)) + 1;
  });

  afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('adds evidence to the findings the profile proves, largest first, and leaves the other as it was', async () => {
    const plain = await cli(['lint', '--format', 'json', '.'], workspace);
    const withProfile = await cli(['lint', '--format', 'json', '--profile', PROFILE, '.'], workspace);
    assert.strictEqual(withProfile.code, 1, withProfile.stderr);
    const before: JsonDiagnostic[] = JSON.parse(plain.stdout).diagnostics;
    const after: JsonDiagnostic[] = JSON.parse(withProfile.stdout).diagnostics;
    // Without a profile: file order (greet, Thumbnail, Store).
    assert.deepStrictEqual(before.map((d) => d.range.start.line), [lineOf('no evidence'), lineOf('evidence, 1.5MB'), lineOf('evidence, 24MB')]);
    // With it: Store (24MB in use, go tool pprof -top -unit=b: 25167232B), Thumbnail (1574624B), then greet.
    assert.deepStrictEqual(after.map((d) => d.range.start.line), [lineOf('evidence, 24MB'), lineOf('evidence, 1.5MB'), lineOf('no evidence')]);
    assert.deepStrictEqual(after[0].evidence, { file: PROFILE, sampleType: 'inuse_space', unit: 'bytes', value: 25167232 });
    assert.deepStrictEqual(after[1].evidence, { file: PROFILE, sampleType: 'inuse_space', unit: 'bytes', value: 1574624 });
    assert.ok(after[0].message.endsWith('; the heap profile shows 24MB in use under this function.'), after[0].message);
    assert.ok(after[1].message.endsWith('; the heap profile shows 1.50MB in use under this function.'), after[1].message);
    // greet keeps nothing in use: no evidence, and its finding reads exactly as without --profile.
    assert.ok(!('evidence' in after[2]));
    assert.deepStrictEqual(after[2], before[0]);
  });

  it('carries the evidence as a SARIF result property, in a log that still validates', async () => {
    const { code, stdout } = await cli(['lint', '--format', 'sarif', '--profile', PROFILE, '.'], workspace);
    assert.strictEqual(code, 1);
    const log = JSON.parse(stdout) as { runs: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8')));
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const results = log.runs[0].results;
    assert.deepStrictEqual(
      results.map((result: { properties?: { evidence?: { value: number } } }) => result.properties?.evidence?.value),
      [25167232, 1574624, undefined],
    );
    assert.deepStrictEqual(results[0].properties.evidence, { file: PROFILE, sampleType: 'inuse_space', unit: 'bytes', value: 25167232 });
    assert.strictEqual(results[0].locations[0].physicalLocation.region.startLine, lineOf('evidence, 24MB'));
  });

  it('says it in the text format too', async () => {
    const { stdout } = await cli(['lint', '--profile', PROFILE, '.'], workspace);
    const lines = stdout.trim().split('\n');
    assert.match(lines[0], new RegExp(`^archive\\.go:${lineOf('evidence, 24MB')}:2: .*; the heap profile shows 24MB in use under this function\\. \\(pool-put-unbounded-buffer\\)$`));
    assert.doesNotMatch(lines[2], /profile shows/);
  });

  it('takes several profiles, one per flag: the one that proves a finding is named', async () => {
    // A heap profile of another program proves nothing here; the module's own does.
    const other = path.join(ROOT, 'test', 'fixtures', 'pprof', 'pool_leak.heap.pb.gz');
    const { code, stdout } = await cli(['lint', '--format', 'json', '--profile', other, '--profile', PROFILE, '.'], workspace);
    assert.strictEqual(code, 1);
    const diagnostics: JsonDiagnostic[] = JSON.parse(stdout).diagnostics;
    assert.deepStrictEqual(diagnostics.map((d) => d.evidence?.file), [PROFILE, PROFILE, undefined]);
  });

  it('refuses a file that is not a profile with one sentence and exit code 2, before linting', async () => {
    fs.writeFileSync(path.join(workspace, 'notes.txt'), 'just some notes\n');
    const bad = await cli(['lint', '--format', 'json', '--profile', 'notes.txt', '.'], workspace);
    assert.strictEqual(bad.code, 2);
    assert.strictEqual(bad.stdout, '');
    assert.match(bad.stderr, /^gomem: notes\.txt: The file is text but not a profile[^\n]*\.\n$/);
    const missing = await cli(['lint', '--profile', 'absent.pb.gz', '.'], workspace);
    assert.strictEqual(missing.code, 2);
    assert.strictEqual(missing.stderr, 'gomem: absent.pb.gz does not exist.\n');
  });

  it('reads profiles within the limits profile top uses, and names the flag that raises them', async () => {
    // 2 MB of zeros gzip to a few kB: a bomb's shape, refused while inflating past the 1 MB limit.
    fs.writeFileSync(path.join(workspace, 'bomb.pb.gz'), zlib.gzipSync(Buffer.alloc(2 * 1024 * 1024)));
    const bomb = await cli(['lint', '--profile', 'bomb.pb.gz', '--max-inflated-mb', '1', '.'], workspace);
    assert.strictEqual(bomb.code, 2);
    assert.strictEqual(bomb.stderr, 'gomem: bomb.pb.gz: The profile inflates to more than the 1 MB limit; raise it with --max-inflated-mb to open it.\n');
    const usage = await cli(['lint', '--profile', PROFILE, '--max-memory-mb', 'lots', '.'], workspace);
    assert.strictEqual(usage.code, 2);
    assert.match(usage.stderr, /--max-memory-mb needs a positive whole number, not "lots"/);
  });
});
