// `gomem profile top` as a user runs it: pprof's text, the documented JSON, sorting and limits.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runProfileCommand } from '../../../src/cli/profileCommand';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/pprof');
const heap = path.join(fixtures, 'pool_leak.heap.pb.gz');

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runProfileCommand(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('gomem profile top', () => {
  it('prints exactly what go tool pprof -top prints', async () => {
    const result = await run('top', heap);
    assert.strictEqual(result.code, 0);
    assert.strictEqual(result.stdout, fs.readFileSync(path.join(fixtures, 'expected', 'pool_leak.heap__inuse_space__top.txt'), 'utf8'));
    const cum = await run('top', '--cum', '--sample-index', 'alloc_objects', heap);
    assert.strictEqual(cum.stdout, fs.readFileSync(path.join(fixtures, 'expected', 'pool_leak.heap__alloc_objects__cum.txt'), 'utf8'));
  });

  it('writes names that are not UTF-8 as the raw bytes pprof writes', () => {
    const bin = path.resolve(__dirname, '../../../../bin/gomem.js');
    const result = spawnSync(process.execPath, [bin, 'profile', 'top', path.join(fixtures, 'crafted_nonutf8.heap.pb.gz')]);
    assert.strictEqual(result.status, 0, String(result.stderr));
    const expected = fs.readFileSync(path.join(fixtures, 'expected', 'crafted_nonutf8.heap__inuse_space__top.txt'));
    assert.ok(expected.includes(Buffer.from('main.latin1_caf\xe9\n', 'latin1')), 'the fixture holds a Latin-1 byte');
    assert.deepStrictEqual(result.stdout.toString('latin1'), expected.toString('latin1'));
  });

  it('json: sample type, unit, pprof total and rows by flat in the profile unit', async () => {
    const result = await run('top', '--format', 'json', '--sample-index', 'alloc_space', heap);
    assert.strictEqual(result.code, 0);
    const json = JSON.parse(result.stdout);
    assert.deepStrictEqual(Object.keys(json), ['sampleType', 'unit', 'total', 'rows']);
    assert.strictEqual(json.sampleType, 'alloc_space');
    assert.strictEqual(json.unit, 'bytes');
    const raw = fs.readFileSync(path.join(fixtures, 'expected', 'pool_leak.heap__alloc_space__raw.txt'), 'utf8');
    assert.strictEqual(json.total, Number(/of (\d+)B total/.exec(raw)![1]));
    assert.deepStrictEqual(json.rows[0], { function: 'bytes.growSlice', flat: 520465365, cum: 520465365 });
    const flats = json.rows.map((r: { flat: number }) => r.flat);
    assert.deepStrictEqual(flats, [...flats].sort((a, b) => b - a));
  });

  it('--cum sorts by cum, --limit keeps the first N, --node-fraction 0 lists every function', async () => {
    const byCum = JSON.parse((await run('top', '--cum', '--limit', '4', '--format=json', heap)).stdout);
    assert.strictEqual(byCum.rows.length, 4);
    const cums = byCum.rows.map((r: { cum: number }) => r.cum);
    assert.deepStrictEqual(cums, [...cums].sort((a, b) => b - a));
    const trimmed = JSON.parse((await run('top', '--format', 'json', heap)).stdout).rows.length;
    const all = JSON.parse((await run('top', '--format', 'json', '--node-fraction', '0', heap)).stdout).rows.length;
    assert.ok(all > trimmed, `${all} functions with --node-fraction 0, ${trimmed} by default`);
  });

  it('reads Go text profiles too', async () => {
    const result = await run('top', path.join(fixtures, 'textgen.goroutine.debug2.txt'));
    assert.strictEqual(result.code, 0);
    assert.match(result.stdout, /^\s+4 50\.00% 50\.00%\s+4 50\.00%  main\.blockOnChannel$/m);
  });

  it('help goes to stdout with exit 0; no arguments is a usage error', async () => {
    const help = await run('top', '--help');
    assert.strictEqual(help.code, 0);
    assert.match(help.stdout, /Usage: gomem profile top/);
    assert.strictEqual((await run()).code, 2);
    assert.match((await run('flame', heap)).stderr, /Unknown profile command "flame"/);
  });
});
