// Profiles under the size limit never exhaust memory: a 330 MB profile of 30 million samples (a
// 320 KB gzip) gives its table from `gomem profile top` and the viewer's worker in bounded memory,
// and a profile whose distinct stacks need more than the memory budget is refused with one
// sentence naming the knob that raises it. The inputs are generated here, never committed.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { decodeInWorker } from '../../../src/client/profileDecode';
import { runProfileCommand } from '../../../src/cli/profileCommand';

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}
const number = (field: number, value: number) => [field << 3, ...varint(value)];
const message = (field: number, content: number[]) => [(field << 3) | 2, ...varint(content.length), ...content];
const packed = (field: number, values: number[]) => message(field, values.flatMap(varint));

/** Sample types objects/count and space/bytes, and `functionCount` functions main.f1... each with its location. */
function tables(functionCount: number): Buffer {
  const strings = ['', 'objects', 'count', 'space', 'bytes', '/src/main.go'];
  const bytes: number[] = [...message(1, [...number(1, 1), ...number(2, 2)]), ...message(1, [...number(1, 3), ...number(2, 4)])];
  for (let f = 1; f <= functionCount; f++) {
    strings.push(`main.f${f}`);
    bytes.push(...message(5, [...number(1, f), ...number(2, strings.length - 1), ...number(4, 5)]));
    bytes.push(...message(4, [...number(1, f), ...message(4, [...number(1, f), ...number(2, f)])]));
  }
  for (const s of strings) bytes.push(...message(6, [...Buffer.from(s)]));
  return Buffer.from(bytes);
}

const STACKS = [
  [1, 2, 3],
  [2, 3, 1],
  [3, 1, 2],
];
const SAMPLES_PER_CHUNK = 100_000;
const CHUNKS = 300;

/**
 * 30 million 11-byte samples over three stacks, as gzip members: the tables, then 300 members of
 * 100,000 identical samples each (gzip readers, pprof's and Node's, read every member of a file).
 * A run of one 11-byte sample is what deflate packs best, about 516 to 1: 330 MB in 640 KB.
 */
function hugeProfile(): { gzip: Buffer; inflatedBytes: number; totals: Map<string, { flat: number; cum: number }>; samples: number } {
  const members = STACKS.map((stack, k) => {
    const sample = message(2, [...packed(1, stack), ...packed(2, [1, 10 * (k + 1)])]);
    assert.strictEqual(sample.length, 11);
    return zlib.gzipSync(Buffer.alloc(sample.length * SAMPLES_PER_CHUNK, Buffer.from(sample)), { level: 9 });
  });
  const chunks = Array.from({ length: CHUNKS }, (_, i) => members[i % STACKS.length]);
  const gzip = Buffer.concat([zlib.gzipSync(tables(STACKS.length)), ...chunks]);
  // Each stack gets CHUNKS / 3 members; every stack holds every function, so each cum is the total.
  const perStack = (k: number) => 10 * (k + 1) * SAMPLES_PER_CHUNK * (CHUNKS / STACKS.length);
  const total = STACKS.reduce((sum, _, k) => sum + perStack(k), 0);
  const totals = new Map<string, { flat: number; cum: number }>();
  STACKS.forEach((stack, k) => totals.set(`main.f${stack[0]}`, { flat: perStack(k), cum: total }));
  return { gzip, inflatedBytes: tables(STACKS.length).length + 11 * SAMPLES_PER_CHUNK * CHUNKS, totals, samples: SAMPLES_PER_CHUNK * CHUNKS };
}

/** 200,000 samples, each its own stack (two of 1,000 functions). */
function manyStacksProfile(): Buffer {
  const samples: number[] = [];
  for (let i = 0; i < 200_000; i++) {
    samples.push(...message(2, [...packed(1, [1 + (i % 1000), 1 + Math.floor(i / 1000)]), ...packed(2, [1, 8])]));
  }
  return zlib.gzipSync(Buffer.concat([tables(1000), Buffer.from(samples)]));
}

const root = path.resolve(__dirname, '..', '..', '..', '..');
const worker = path.join(root, 'dist', 'client', 'profileDecodeWorker.js');
const profileCommand = path.resolve(__dirname, '..', '..', '..', 'src', 'cli', 'profileCommand.js');

describe('huge profiles in bounded memory', function () {
  // Inflating and reading 330 MB takes about five seconds, several times that on a busy machine.
  this.timeout(180_000);
  let dir: string;
  let file: string;
  let huge: ReturnType<typeof hugeProfile>;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-huge-'));
    huge = hugeProfile();
    file = path.join(dir, 'huge.pb.gz');
    fs.writeFileSync(file, huge.gzip);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generates the input the issue describes: a gzip of a few hundred KB inflating to 330 MB', () => {
    assert.ok(huge.gzip.length < 700 * 1024, `${huge.gzip.length} bytes`);
    assert.ok(huge.inflatedBytes > 330_000_000, `${huge.inflatedBytes} bytes inflated`);
    assert.strictEqual(huge.samples, 30_000_000);
  });

  it('gomem profile top gives the exact table with a 256 MB JavaScript heap and under 1.2 GB resident', () => {
    // A child process, so the heap limit and the resident size are this command's alone.
    const script = `
      let out = '', err = '';
      require(${JSON.stringify(profileCommand)}).runProfileCommand(['top', '--format', 'json', '--node-fraction', '0', ${JSON.stringify(file)}], {
        stdout: (s) => (out += s), stderr: (s) => (err += s),
      }).then((code) => process.stdout.write(JSON.stringify({ code, out, err, maxRssKb: process.resourceUsage().maxRSS })));`;
    const child = spawnSync(process.execPath, ['--max-old-space-size=256', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 24 });
    assert.strictEqual(child.status, 0, `the command died: ${child.stderr.slice(0, 500)}`);
    const result = JSON.parse(child.stdout) as { code: number; out: string; err: string; maxRssKb: number };
    assert.strictEqual(result.code, 0, result.err);
    const table = JSON.parse(result.out) as { total: number; rows: { function: string; flat: number; cum: number }[] };
    assert.strictEqual(table.total, huge.totals.get('main.f1')!.cum);
    assert.deepStrictEqual(new Map(table.rows.map((row) => [row.function, { flat: row.flat, cum: row.cum }])), huge.totals);
    assert.ok(result.maxRssKb < 1200 * 1024, `peak resident memory ${Math.round(result.maxRssKb / 1024)} MB`);
  });

  describe('past the memory budget', () => {
    let many: string;
    before(() => {
      many = path.join(dir, 'many.pb.gz');
      fs.writeFileSync(many, manyStacksProfile());
    });

    it('gomem profile top refuses with one sentence naming --max-memory-mb, and opens it with more', async () => {
      let stdout = '';
      let stderr = '';
      const io = { stdout: (s: string) => (stdout += s), stderr: (s: string) => (stderr += s) };
      assert.strictEqual(await runProfileCommand(['top', '--max-memory-mb', '4', many], io), 2);
      assert.strictEqual(stdout, '');
      assert.match(stderr, /^The profile needs more memory than its 4 MB budget \(it ran out while reading its \w+\); raise it with --max-memory-mb to open this profile\.\n$/);
      stderr = '';
      assert.strictEqual(await runProfileCommand(['top', '--max-memory-mb', '256', '--format', 'json', many], io), 0, stderr);
      assert.strictEqual(JSON.parse(stdout).total, 200_000 * 8);
    });

    it('the viewer\'s worker obeys the same budget, naming the setting', async () => {
      const bytes = new Uint8Array(fs.readFileSync(many));
      const refused = await decodeInWorker(worker, { bytes, maxInflatedBytes: 512 << 20, maxMemoryMegabytes: 4 });
      assert.ok(!refused.ok);
      assert.strictEqual(refused.internal, false);
      assert.match(refused.message, /^The profile needs more memory than its 4 MB budget .*; raise it with the gomem\.profile\.maxMemoryMegabytes setting to open this profile\.$/);
      const opened = await decodeInWorker(worker, { bytes: new Uint8Array(fs.readFileSync(many)), maxInflatedBytes: 512 << 20, maxMemoryMegabytes: 256 });
      assert.ok(opened.ok, opened.ok ? '' : opened.message);
      assert.strictEqual(opened.sampleCount, 200_000);
    });
  });
});
