// pprof's peek (callers and callees of one function) against `go tool pprof -peek` on the same file.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatPercent, formatValue, peek, Profile, sampleIndexByName } from '../../../src/core/pprof';
import { loadProfile } from '../../../src/core/pprof/node';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/pprof');
const heap = loadProfile(fs.readFileSync(path.join(fixtures, 'pool_leak.heap.pb.gz')), { maxInflatedBytes: 64 << 20 });

function shown(profile: Profile, name: string) {
  const index = profile.functions.findIndex((fn) => fn.name === name);
  assert.ok(index >= 0, name);
  const result = peek(profile, sampleIndexByName(profile, 'alloc_space'), index);
  const edge = (e: { functionIndex: number; value: number; share: number }) => `${formatValue(e.value, 'bytes')} ${formatPercent(e.value, e.value / e.share).trim()} ${profile.functions[e.functionIndex].name}`;
  return { flat: formatValue(result.flat, 'bytes'), cum: formatValue(result.cum, 'bytes'), callers: result.callers.map(edge), callees: result.callees.map(edge) };
}

describe('peek: callers and callees', () => {
  it('net/http.(*conn).serve as go tool pprof -peek shows it', () => {
    // go tool pprof -peek 'net/http.\(\*conn\).serve$' -sample_index=alloc_space pool_leak.heap.pb.gz
    assert.deepStrictEqual(shown(heap, 'net/http.(*conn).serve'), {
      flat: '0',
      cum: '502.86MB',
      callers: [],
      callees: ['498.86MB 99.20% net/http.serverHandler.ServeHTTP', '4MB 0.8% net/http.(*conn).readRequest'],
    });
  });

  it('bytes.(*Buffer).grow as go tool pprof -peek shows it', () => {
    assert.deepStrictEqual(shown(heap, 'bytes.(*Buffer).grow'), {
      flat: '0',
      cum: '496.35MB',
      callers: ['496.35MB 100% bytes.(*Buffer).ReadFrom'],
      callees: ['496.35MB 100% bytes.growSlice'],
    });
  });

  it('a recursive function counts each sample once per edge', () => {
    // Samples (leaf first): walk < walk < main (value 5), and walk < main (value 3).
    const profile: Profile = {
      format: 'protobuf',
      sampleTypes: [{ type: 'alloc_space', unit: 'bytes' }],
      defaultSampleIndex: 0,
      comments: [],
      mainBinary: '',
      buildId: '',
      functions: [
        { name: 'main.walk', file: 'walk.go', startLine: 0 },
        { name: 'main.main', file: 'main.go', startLine: 0 },
      ],
      frames: [
        { functionIndex: 0, file: 'walk.go', line: 3, inlined: false },
        { functionIndex: 1, file: 'main.go', line: 9, inlined: false },
      ],
      locations: [
        { frames: [0], mappingFile: '' },
        { frames: [1], mappingFile: '' },
      ],
      samples: [
        { locations: [0, 0, 1], values: [5] },
        { locations: [0, 1], values: [3] },
      ],
    };
    const result = peek(profile, 0, 0);
    assert.deepStrictEqual([result.flat, result.cum], [8, 8]);
    assert.deepStrictEqual(result.callers.map((e) => [profile.functions[e.functionIndex].name, e.value]), [
      ['main.main', 8],
      ['main.walk', 5],
    ]);
    assert.deepStrictEqual(result.callees.map((e) => [profile.functions[e.functionIndex].name, e.value, e.share]), [['main.walk', 5, 1]]);
  });
});
