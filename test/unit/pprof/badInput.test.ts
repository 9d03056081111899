// Every kind of bad file gets one clear sentence (a ProfileError), never a crash or a hang.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { Function as PFunction, Line, Location as PLocation, Mapping, Profile as PProfile, Sample as PSample, StringTable, ValueType as PValueType } from 'pprof-format';
import { ProfileError } from '../../../src/core/pprof';
import { loadProfile } from '../../../src/core/pprof/node';
import { runProfileCommand } from '../../../src/cli/profileCommand';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/pprof');
const limit = { maxInflatedBytes: 1 << 20 };

/** A valid one-sample profile; mutate() breaks one thing. */
function encodedProfile(mutate: (p: PProfile, s: StringTable) => void = () => undefined): Uint8Array {
  const strings = new StringTable();
  const profile = new PProfile({
    sampleType: [new PValueType({ type: strings.dedup('alloc_space'), unit: strings.dedup('bytes') })],
    mapping: [new Mapping({ id: 1, filename: strings.dedup('/bin/app') })],
    function: [new PFunction({ id: 1, name: strings.dedup('main.leak'), filename: strings.dedup('/src/main.go') })],
    location: [new PLocation({ id: 1, mappingId: 1, line: [new Line({ functionId: 1, line: 10 })] })],
    sample: [new PSample({ locationId: [1], value: [4096] })],
    stringTable: strings,
  });
  mutate(profile, strings);
  return profile.encode();
}

function rejects(bytes: Uint8Array, expected: RegExp, options = limit): void {
  assert.throws(
    () => loadProfile(bytes, options),
    (error: unknown) => {
      assert.ok(error instanceof ProfileError, `expected a ProfileError, got ${String(error)}`);
      const message = (error as Error).message;
      assert.match(message, expected);
      assert.ok(!message.includes('\n'), 'the message is one line');
      assert.match(message, /^[A-Z\d/].*[.]$/, `"${message}" is one sentence`);
      return true;
    },
  );
}

/** Deterministic pseudo-random bytes, so the test is the same on every run. */
function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

describe('bad profile input', () => {
  it('accepts the valid base profile (so each case below fails for its own reason)', () => {
    const profile = loadProfile(zlib.gzipSync(encodedProfile()), limit);
    assert.strictEqual(profile.samples[0].values[0], 4096);
    assert.strictEqual(profile.functions[0].name, 'main.leak');
  });

  it('empty file', () => rejects(new Uint8Array(0), /The profile is empty\./));

  it('empty gzip', () => rejects(zlib.gzipSync(Buffer.alloc(0)), /gzip file is empty/));

  it('truncated gzip', () => {
    const whole = fs.readFileSync(path.join(fixtures, 'pool_leak.heap.pb.gz'));
    rejects(whole.subarray(0, whole.length >> 1), /truncated/);
  });

  it('gzip header followed by random bytes', () => {
    const bytes = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0xff]), Buffer.from(pseudoRandomBytes(4000, 7))]);
    rejects(bytes, /gzip but its compressed data is corrupt|truncated/);
  });

  it('gzip of random bytes', () => rejects(zlib.gzipSync(pseudoRandomBytes(4000, 42)), /not a pprof profile|truncated/));

  it('raw protobuf cut short', () => {
    const bytes = encodedProfile();
    rejects(bytes.subarray(0, bytes.length - 5), /truncated/);
  });

  it('string reference out of range', () =>
    rejects(encodedProfile((p) => (p.function[0].name = 999)), /refers to string 999/));

  it('function reference out of range', () =>
    rejects(encodedProfile((p) => (p.location[0].line[0].functionId = 7)), /refers to function 7, which does not exist/));

  it('location reference out of range', () =>
    rejects(encodedProfile((p) => (p.sample[0].locationId = [1, 42])), /refers to location 42, which does not exist/));

  it('a mapping reference out of range leaves the location without a binary, as pprof does', () => {
    const profile = loadProfile(encodedProfile((p) => (p.location[0].mappingId = 5)), limit);
    assert.strictEqual(profile.locations[0].mappingFile, '');
    assert.strictEqual(profile.functions[0].name, 'main.leak');
  });

  it('a sample with more values than sample types', () =>
    rejects(encodedProfile((p) => (p.sample[0].value = [1, 2])), /sample 1 has 2 values but there are 1 sample types/));

  it('no sample types', () =>
    rejects(
      encodedProfile((p) => {
        p.sampleType = [];
        p.sample = [];
      }),
      /no sample types/,
    ));

  it('an HTML page saved by mistake', () =>
    rejects(Buffer.from('<!DOCTYPE html>\n<html><head><title>/debug/pprof/</title></head><body>profiles</body></html>'), /HTML page/));

  it('JSON saved by mistake', () => rejects(Buffer.from('{"nodes": [{"name": "main.f"}]}'), /JSON/));

  it('plain text that is not a Go profile', () => rejects(Buffer.from('hello\nworld\n'), /text but not a profile/));

  it('a gzip that inflates past the size limit', () =>
    rejects(zlib.gzipSync(Buffer.alloc(3 << 20)), /inflates to more than the 1 MB limit/));

  it('a malformed line in a Go text profile names the line', () =>
    rejects(Buffer.from('heap profile: 1: 10 [1: 10] @ heap/1024\nnot a record\n'), /heap profile is malformed at line 2\./));

  describe('gomem profile top', () => {
    const run = async (args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runProfileCommand(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
      return { code, stdout, stderr };
    };

    it('prints the sentence alone on stderr and exits 2', async () => {
      const file = path.join(fs.mkdtempSync(path.join(require('os').tmpdir(), 'gomem-')), 'page.pb.gz');
      fs.writeFileSync(file, '<html><body>oops</body></html>');
      const result = await run(['top', file]);
      assert.strictEqual(result.code, 2);
      assert.strictEqual(result.stdout, '');
      assert.match(result.stderr, /^The file is an HTML page, not a profile[^\n]*\.\n$/);
    });

    it('reports a missing file, an unknown sample type and a bad option the same way', async () => {
      const heap = path.join(fixtures, 'pool_leak.heap.pb.gz');
      for (const [args, expected] of [
        [['top', '/nonexistent/heap.pb.gz'], /does not exist\.\n$/],
        [['top', '--sample-index', 'bogus', heap], /no sample type "bogus"; it has alloc_objects, alloc_space, inuse_objects, inuse_space\.\n$/],
        [['top', '--limit', 'x', heap], /--limit needs a positive whole number/],
        [['top', '--focus', '(', heap], /focus expression "\(" is not a valid regular expression/],
      ] as const) {
        const result = await run([...args]);
        assert.strictEqual(result.code, 2, args.join(' '));
        assert.match(result.stderr, expected);
        assert.strictEqual(result.stderr.split('\n').length, 2, 'one line');
      }
    });
  });
});
