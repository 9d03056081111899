// Leak hunting from the command line: capture (address forms, every bad answer in one sentence,
// nothing half-written), growth over a series, the --max-growth budget, and a real Go program
// that leaks in one place and churns in another.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { AddressInfo } from 'net';
import { runCli } from '../../src/cli/main';
import { captureFileName, captureTarget, redactUrl } from '../../src/core/capture/captureUrl';
import { writeAtomically } from '../../src/core/capture/capture';
import { GO } from '../helpers/goToolchain';
import { buildLeakServer, startLeakServer } from '../helpers/leakServer';

const fixtures = path.resolve(__dirname, '../../../test/fixtures/pprof');
const snapshots = [1, 2, 3, 4, 5].map((n) => path.join(fixtures, 'leak_server', `snapshot${n}.heap.pb.gz`));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-capture-'));

/** One sentence: a single line, capitalised, ending with a full stop or a question mark. */
function assertOneSentence(text: string) {
  assert.match(text, /^[A-Z0-9"][^\n]*[.?]\n$/, JSON.stringify(text));
}

describe('capture addresses', () => {
  const cases: [string, string | undefined, string][] = [
    ['localhost:6060', undefined, 'http://localhost:6060/debug/pprof/heap?gc=1'],
    ['localhost:6060', 'allocs', 'http://localhost:6060/debug/pprof/allocs'],
    ['http://host:6060/debug/pprof/', 'goroutine', 'http://host:6060/debug/pprof/goroutine'],
    ['http://host:6060/debug/pprof', 'mutex', 'http://host:6060/debug/pprof/mutex'],
    ['https://host/debug/pprof/heap', undefined, 'https://host/debug/pprof/heap?gc=1'],
    ['http://host:6060/debug/pprof/heap?gc=1', 'cpu', 'http://host:6060/debug/pprof/profile?seconds=30'],
    ['http://host:6060/debug/pprof/profile?seconds=5', undefined, 'http://host:6060/debug/pprof/profile?seconds=5'],
    ['127.0.0.1:6060/admin/pprof/', 'threadcreate', 'http://127.0.0.1:6060/admin/pprof/threadcreate'],
    ['[::1]:6060', 'goroutineleak', 'http://[::1]:6060/debug/pprof/goroutineleak'],
    ['http://host:6060', 'block', 'http://host:6060/debug/pprof/block'],
  ];
  for (const [address, kind, url] of cases) {
    it(`${address} ${kind ?? '(default)'} -> ${url}`, () => {
      assert.strictEqual(captureTarget(address, kind as never).url.href, url);
    });
  }

  it('refuses schemes other than http and https, and empty addresses', () => {
    assert.throws(() => captureTarget('ftp://host/debug/pprof/'), /^CaptureError: Only http and https addresses can be captured, not ftp\.$/);
    assert.throws(() => captureTarget('file:///etc/passwd'), /not file\./);
    assert.throws(() => captureTarget('  '), /The address is empty/);
  });

  it('keeps credentials out of messages and file names', () => {
    const target = captureTarget('http://admin:s3cret@host:6060/debug/pprof/?token=abc');
    assert.doesNotMatch(redactUrl(target.url), /admin|s3cret|abc/);
    const name = captureFileName(target.url, target.kind, new Date(Date.UTC(2026, 11, 2, 16, 5, 9, 7)), '.pb.gz');
    assert.strictEqual(name, '20261202T160509.007Z_host-6060_heap.pb.gz');
  });

  it('file names sort in time order', () => {
    const url = captureTarget('localhost:6060').url;
    const times = [Date.UTC(2026, 0, 1, 9, 59, 59, 999), Date.UTC(2026, 0, 1, 10), Date.UTC(2026, 0, 2), Date.UTC(2027, 0, 1)];
    const names = times.map((t) => captureFileName(url, 'heap', new Date(t), '.pb.gz'));
    assert.deepStrictEqual([...names].sort(), names);
  });

  it('an atomic write never replaces an existing file and leaves no temporary file', async () => {
    const dir = tempDir();
    const first = await writeAtomically(dir, 'a_host_heap.pb.gz', Buffer.from('one'));
    const second = await writeAtomically(dir, 'a_host_heap.pb.gz', Buffer.from('two'));
    assert.deepStrictEqual([path.basename(first), path.basename(second)], ['a_host_heap.pb.gz', 'a_host_heap-2.pb.gz']);
    assert.strictEqual(fs.readFileSync(first, 'utf8'), 'one');
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['a_host_heap-2.pb.gz', 'a_host_heap.pb.gz']);
  });
});

describe('gomem profile capture against a server that answers badly', function () {
  this.timeout(20_000);
  let server: http.Server;
  let base: string;
  const heap = fs.readFileSync(snapshots[0]);
  let lastAuthorization: string | undefined;

  before(async () => {
    server = http.createServer((request, response) => {
      const url = new URL(request.url!, 'http://x');
      lastAuthorization = request.headers.authorization;
      switch (url.pathname) {
        case '/ok/debug/pprof/heap':
          response.end(heap);
          return;
        case '/unauthorized/debug/pprof/heap':
          response.writeHead(401, { 'www-authenticate': 'Basic' }).end('unauthorized');
          return;
        case '/forbidden/debug/pprof/heap':
          response.writeHead(403).end('forbidden');
          return;
        case '/html/debug/pprof/heap':
          response.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Login</body></html>');
          return;
        case '/json/debug/pprof/heap':
          response.writeHead(200, { 'content-type': 'application/json' }).end('{"error":"no"}');
          return;
        case '/huge/debug/pprof/heap':
          // 3 MB of zeros in a few kB of gzip: past a 1 MB limit once inflated.
          response.end(zlib.gzipSync(Buffer.alloc(3 << 20)));
          return;
        case '/slow/debug/pprof/heap':
          // Never answers: the client's timeout must end it.
          return;
        case '/truncated/debug/pprof/heap':
          response.writeHead(200, { 'content-length': String(heap.length) });
          response.write(heap.subarray(0, 100));
          setTimeout(() => response.destroy(), 50);
          return;
        case '/away/debug/pprof/heap':
          response.writeHead(302, { location: 'http://other.invalid:6060/debug/pprof/heap' }).end();
          return;
        case '/moved/debug/pprof/heap':
          response.writeHead(302, { location: '/ok/debug/pprof/heap' }).end();
          return;
        case '/broken/debug/pprof/profile':
          response.writeHead(500, { 'content-type': 'text/plain' }).end('Could not enable CPU profiling: cpu profiling already in use\n');
          return;
        default:
          response.writeHead(404).end('404 page not found\n');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  const bad: [string, string[], RegExp][] = [
    ['401', ['/unauthorized/debug/pprof/'], /refused the request \(401 Unauthorized\)/],
    ['403', ['/forbidden/debug/pprof/'], /refused the request \(403 Forbidden\)/],
    ['404', ['/nothing/debug/pprof/'], /has no profile at .* \(404\): does the program import net\/http\/pprof/],
    ['goroutineleak on an older server', ['/ok/debug/pprof/', '--kind', 'goroutineleak'], /no goroutineleak profile \(404\): it needs Go 1\.26 or later/],
    ['an HTML page', ['/html/debug/pprof/'], /with an HTML page instead of a profile/],
    ['JSON', ['/json/debug/pprof/'], /with JSON instead of a profile/],
    ['a body past the inflate limit', ['/huge/debug/pprof/', '--max-inflated-mb', '1'], /inflates past the 1 MB limit/],
    ['a timeout', ['/slow/debug/pprof/', '--timeout', '1'], /did not answer within 1 s/],
    ['a connection cut mid-body', ['/truncated/debug/pprof/'], /closed the connection before the profile was complete/],
    ['a redirect to another host', ['/away/debug/pprof/'], /redirected to another host \(http:\/\/other\.invalid:6060\), which gomem does not follow/],
    ['a server error', ['/broken/debug/pprof/', '--kind', 'cpu', '--seconds', '1'], /answered 500 for .*: Could not enable CPU profiling: cpu profiling already in use\./],
  ];
  for (const [what, [pathPart, ...flags], message] of bad) {
    it(`${what}: exit 2, one sentence, no file left`, async () => {
      const out = tempDir();
      const result = await cli('profile', 'capture', '--out', out, ...flags, base + pathPart);
      assert.strictEqual(result.code, 2);
      assert.strictEqual(result.stdout, '');
      assertOneSentence(result.stderr);
      assert.match(result.stderr, message);
      assert.deepStrictEqual(fs.existsSync(out) ? fs.readdirSync(out) : [], []);
    });
  }

  it('connection refused: exit 2, one sentence', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await cli('profile', 'capture', '--out', tempDir(), `127.0.0.1:${port}`);
    assert.strictEqual(result.code, 2);
    assertOneSentence(result.stderr);
    assert.match(result.stderr, new RegExp(`Nothing is listening at 127\\.0\\.0\\.1:${port} \\(connection refused\\)`));
  });

  it('credentials are sent to the server but never printed, even in errors or file names', async () => {
    const denied = await cli('profile', 'capture', '--out', tempDir(), base.replace('http://', 'http://admin:s3cret@') + '/unauthorized/debug/pprof/');
    assert.strictEqual(lastAuthorization, 'Basic ' + Buffer.from('admin:s3cret').toString('base64'));
    assert.doesNotMatch(denied.stderr, /admin|s3cret/);
    const out = tempDir();
    const ok = await cli('profile', 'capture', '--out', out, base.replace('http://', 'http://admin:s3cret@') + '/ok/debug/pprof/heap');
    assert.strictEqual(ok.code, 0, ok.stderr);
    assert.doesNotMatch(ok.stdout, /admin|s3cret/);
  });

  it('follows a redirect on the same host and writes the profile under a time-ordered name', async () => {
    const out = tempDir();
    const result = await cli('profile', 'capture', '--out', out, base + '/moved/debug/pprof/');
    assert.strictEqual(result.code, 0, result.stderr);
    const file = result.stdout.trim();
    assert.match(path.basename(file), /^\d{8}T\d{6}\.\d{3}Z_127\.0\.0\.1-\d+_heap\.pb\.gz$/);
    assert.deepStrictEqual(fs.readFileSync(file), heap);
    assert.deepStrictEqual(fs.readdirSync(out), [path.basename(file)]);
  });

  it('bad usage: unknown kind, --count without --every', async () => {
    const kind = await cli('profile', 'capture', '--kind', 'trace', 'localhost:6060');
    assert.strictEqual(kind.code, 2);
    assert.match(kind.stderr, /^--kind must be one of heap, allocs, goroutine, goroutineleak, block, mutex, threadcreate, cpu, not "trace"\.\n$/);
    const count = await cli('profile', 'capture', '--count', '3', 'localhost:6060');
    assert.strictEqual(count.code, 2);
    assertOneSentence(count.stderr.replace(/^--/, 'X'));
  });
});

describe('gomem profile growth and diff --max-growth', function () {
  // Growth decodes in worker threads, whose start-up a busy machine stretches.
  this.timeout(30_000);
  it('ranks the leaking function first, in time order whatever the argument order, in flat terms', async () => {
    const result = await cli('profile', 'growth', '--format', 'json', ...[...snapshots].reverse());
    assert.strictEqual(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.deepStrictEqual(Object.keys(json), ['sampleType', 'unit', 'snapshots', 'rows']);
    assert.strictEqual(json.sampleType, 'inuse_space');
    assert.deepStrictEqual(json.snapshots.map((s: { file: string }) => s.file), snapshots);
    const times = json.snapshots.map((s: { time: string }) => Date.parse(s.time));
    assert.deepStrictEqual(times, [...times].sort((a, b) => a - b));
    const top = json.rows[0];
    assert.strictEqual(top.function, 'main.retainSession');
    assert.strictEqual(top.grewEveryInterval, true);
    assert.strictEqual(top.values.length, 5);
    assert.strictEqual(top.growth, top.values[4] - top.values[0]);
    assert.ok(json.rows.every((r: { growth: number }) => r.growth > 0));
    assert.ok(!json.rows.some((r: { function: string }) => r.function === 'main.renderPage'));
    const growths = json.rows.map((r: { growth: number }) => r.growth);
    assert.deepStrictEqual(growths, [...growths].sort((a, b) => b - a));
  });

  it('--max-growth: exit 1 and one sentence naming what grew most when over budget, 0 within', async () => {
    const over = await cli('profile', 'diff', '--max-growth', '1MB', snapshots[0], snapshots[4]);
    assert.strictEqual(over.code, 1);
    assertOneSentence(over.stderr);
    assert.match(over.stderr, /^The inuse_space total grew by 5\.\d+MB, more than the budget of 1MB; grew most: main\.retainSession \(\+5\.\d+MB\)/);
    const percent = await cli('profile', 'diff', '--max-growth', '50%', snapshots[0], snapshots[4]);
    assert.strictEqual(percent.code, 1);
    assert.match(percent.stderr, /budget of 50% \(/);
    const within = await cli('profile', 'diff', '--max-growth', '64MB', snapshots[0], snapshots[4]);
    assert.deepStrictEqual([within.code, within.stderr], [0, '']);
    const shrink = await cli('profile', 'diff', '--max-growth', '0', snapshots[4], snapshots[0]);
    assert.deepStrictEqual([shrink.code, shrink.stderr], [0, '']);
    const objects = await cli('profile', 'diff', '--sample-index', 'inuse_objects', '--max-growth', '1MB', snapshots[0], snapshots[4]);
    assert.strictEqual(objects.code, 2);
    assert.match(objects.stderr, /is a size, but this sample type counts count/);
  });

  it('diff --format json: signed flat/cum (NEW minus BASE) and pprof total', async () => {
    const result = await cli('profile', 'diff', '--format', 'json', snapshots[4], snapshots[0]);
    const json = JSON.parse(result.stdout);
    assert.deepStrictEqual(Object.keys(json), ['sampleType', 'unit', 'total', 'rows']);
    assert.strictEqual(json.rows[0].function, 'main.retainSession');
    assert.ok(json.rows[0].flat < 0);
    // pprof's total for a diff is the base's.
    const base = JSON.parse((await cli('profile', 'top', '--format', 'json', snapshots[4])).stdout);
    assert.strictEqual(json.total, base.total);
  });
});

describe('a real Go program that leaks and churns (leak_server)', function () {
  this.timeout(180_000);
  let binary: string;
  before(function () {
    if (!GO) this.skip();
    binary = buildLeakServer();
  });

  it('a series captured with the CLI ranks the leak first and never lists the churn', async () => {
    const server = await startLeakServer(binary);
    try {
      const out = tempDir();
      const captured = await cli('profile', 'capture', '--every', '700ms', '--count', '4', '--out', out, server.url.replace('http://', ''));
      assert.strictEqual(captured.code, 0, captured.stderr);
      const files = captured.stdout.trim().split('\n');
      assert.strictEqual(files.length, 4);
      assert.deepStrictEqual([...files].sort(), files);
      const growth = JSON.parse((await cli('profile', 'growth', '--format', 'json', ...files)).stdout);
      assert.strictEqual(growth.rows[0].function, 'main.retainSession');
      assert.strictEqual(growth.rows[0].grewEveryInterval, true);
      // renderPage drops each 256 kB buffer at once; at most a few bytes of runtime bookkeeping
      // (96 B objects seen in one run in twenty) may stay attributed to it, never steadily.
      const churn = growth.rows.find((r: { function: string }) => r.function === 'main.renderPage');
      assert.ok(!churn || (churn.growth < 1024 && !churn.grewEveryInterval), JSON.stringify(growth.rows));

      // The churn is real: it tops the allocations.
      const allocs = await cli('profile', 'capture', '--kind', 'allocs', '--out', out, server.url);
      const top = JSON.parse((await cli('profile', 'top', '--format', 'json', '--sample-index', 'alloc_space', allocs.stdout.trim())).stdout);
      assert.strictEqual(top.rows[0].function, 'main.renderPage');

      const cpu = await cli('profile', 'capture', '--kind', 'cpu', '--seconds', '1', '--out', out, server.url + '/debug/pprof/');
      assert.strictEqual(cpu.code, 0, cpu.stderr);
      assert.match(cpu.stdout, /_cpu\.pb\.gz\n$/);
      const goroutines = await cli('profile', 'capture', '--kind', 'goroutine', '--out', out, server.url);
      assert.strictEqual(goroutines.code, 0, goroutines.stderr);
      const leakProfile = await cli('profile', 'capture', '--kind', 'goroutineleak', '--out', out, server.url);
      assert.strictEqual(leakProfile.code, 2);
      assert.match(leakProfile.stderr, /needs Go 1\.26 or later/);
    } finally {
      server.stop();
    }
  });
});
