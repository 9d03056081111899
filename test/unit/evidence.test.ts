import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildEvidenceIndex, declaredFunctionAt, declaredFunctionName, declaredFunctions, evidenceClause, evidenceFor, functionAtLine, isRegularFile, matchLocalFiles, messageWithEvidence, modulesOf, ProfileEvidence, profileKind } from '../../src/core/evidence';
import { GoLanguage } from '../../src/core/parser';
import { sampleIndexByName } from '../../src/core/pprof';
import { loadFlatProfile } from '../../src/core/pprof/node';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const MODULE = path.join(ROOT, 'test', 'fixtures', 'evidence');
const ARCHIVE = path.join(MODULE, 'archive.go');
const HEAP = path.join(MODULE, 'evidence.heap.pb.gz');

/** The fixture's heap profile indexed for a sample type, its files matched to the fixture module. */
async function evidenceOf(sampleType?: string): Promise<ProfileEvidence> {
  const flat = loadFlatProfile(fs.readFileSync(HEAP));
  const index = buildEvidenceIndex(flat, sampleType ? sampleIndexByName({ ...flat, samples: [] }, sampleType) : flat.defaultSampleIndex);
  const files = [ARCHIVE, path.join(MODULE, 'main.go')];
  const localFiles = await matchLocalFiles(index, { folders: [MODULE], files, modules: modulesOf(files), exists: isRegularFile });
  return { profile: HEAP, index, localFiles };
}

/** The line of the fixture's `needle`, 1-based. */
function lineOf(needle: string): number {
  const index = fs.readFileSync(ARCHIVE, 'utf8').split('\n').findIndex((line) => line.includes(needle));
  assert.ok(index >= 0, needle);
  return index + 1;
}

describe('evidence from a profile', () => {
  it('names functions as a profile does once the package path is dropped, closures folded into their function', () => {
    assert.strictEqual(declaredFunctionName('main.(*Archive).Store'), '(*Archive).Store');
    assert.strictEqual(declaredFunctionName('example.com/m/pkg.Serve.func1.2'), 'Serve');
    assert.strictEqual(declaredFunctionName('example.com/m/pkg.(*Server).run.gowrap1'), '(*Server).run');
    assert.strictEqual(declaredFunctionName('gopkg.in/yaml%2ev3.(*decoder).unmarshal'), '(*decoder).unmarshal');
    assert.strictEqual(declaredFunctionName('example.com/m/list.(*List[...]).Push'), '(*List).Push');
    assert.strictEqual(declaredFunctionName('example.com/m/pkg.init.0'), 'init');
  });

  it('finds the declaration around a line, methods named with their receiver', async () => {
    const language = await GoLanguage.load();
    const tree = language.parse('package p\n\nfunc F() {\n\tgo func() {\n\t}()\n}\n\nfunc (l *List[T]) Push(v T) {}\n\nfunc (c Cache) Get() {}\n');
    try {
      const functions = declaredFunctions(tree);
      assert.deepStrictEqual(functions.map((fn) => fn.name), ['F', '(*List).Push', 'Cache.Get']);
      assert.strictEqual(functionAtLine(functions, 4)?.name, 'F');
      assert.strictEqual(functionAtLine(functions, 7), undefined);
      assert.strictEqual(functionAtLine(functions, 10)?.name, 'Cache.Get');
      // Inside a closure, the declaration around it: the profile folds F.func1 into F as well.
      assert.strictEqual(declaredFunctionAt(tree, 4, 2)?.name, 'F');
      assert.strictEqual(declaredFunctionAt(tree, 7, 20)?.name, '(*List).Push');
      assert.strictEqual(declaredFunctionAt(tree, 0, 3), undefined);
    } finally {
      tree.delete();
    }
  });

  it('tells heap from allocs profiles by their default sample type', () => {
    const types = ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'].map((type) => ({ type, unit: type.endsWith('space') ? 'bytes' : 'count' }));
    assert.strictEqual(profileKind({ sampleTypes: types, defaultSampleIndex: 3 }), 'heap');
    assert.strictEqual(profileKind({ sampleTypes: types, defaultSampleIndex: 1 }), 'allocs');
    assert.strictEqual(profileKind({ sampleTypes: [{ type: 'samples', unit: 'count' }, { type: 'cpu', unit: 'nanoseconds' }], defaultSampleIndex: 1 }), 'CPU');
  });

  it('charges a finding with the memory in use under its function (go tool pprof: 25167232B under (*Archive).Store)', async () => {
    const profile = await evidenceOf();
    const evidence = evidenceFor({ file: ARCHIVE, line: lineOf('evidence, 24MB'), function: '(*Archive).Store' }, profile);
    assert.deepStrictEqual(evidence, { profile: HEAP, kind: 'heap', sampleType: 'inuse_space', unit: 'bytes', value: 25167232, scope: 'function' });
    assert.strictEqual(evidenceClause(evidence!), 'the heap profile shows 24MB in use under this function');
    assert.strictEqual(messageWithEvidence('buf goes back to bufPool.', evidence!), 'buf goes back to bufPool; the heap profile shows 24MB in use under this function.');
  });

  it('prefers the finding\'s own line when the profile charges it', async () => {
    const profile = await evidenceOf();
    const evidence = evidenceFor({ file: ARCHIVE, line: lineOf('a.items[name] = append'), function: '(*Archive).Store' }, profile);
    assert.strictEqual(evidence?.scope, 'line');
    assert.strictEqual(evidence?.value, 25167232);
    assert.strictEqual(evidenceClause(evidence!), 'the heap profile shows 24MB in use on this line');
  });

  it('has no evidence for a function that keeps nothing in use, nor for a file the profile does not cover', async () => {
    const profile = await evidenceOf();
    assert.strictEqual(evidenceFor({ file: ARCHIVE, line: lineOf('no evidence: pool-put-without-reset'), function: 'greet' }, profile), undefined);
    assert.strictEqual(evidenceFor({ file: path.join(MODULE, 'other.go'), line: 42, function: '(*Archive).Store' }, profile), undefined);
  });

  it('reads the sample type it is given: greet allocated what it no longer keeps (pprof -list: 792B on its Put line)', async () => {
    const profile = await evidenceOf('alloc_space');
    const evidence = evidenceFor({ file: ARCHIVE, line: lineOf('no evidence: pool-put-without-reset'), function: 'greet' }, profile);
    assert.strictEqual(evidence?.value, 792);
    assert.strictEqual(evidenceClause(evidence!), 'the heap profile shows 792B allocated on this line');
  });

  it('does not match a recorded file to a local file of the same name in another package', async () => {
    const flat = loadFlatProfile(fs.readFileSync(HEAP));
    const index = buildEvidenceIndex(flat, flat.defaultSampleIndex);
    const elsewhere = path.join(ROOT, 'test', 'fixtures', 'pprof', 'cache_leak', 'main.go');
    const localFiles = await matchLocalFiles(index, { folders: [path.dirname(elsewhere)], files: [elsewhere], modules: modulesOf([elsewhere]), exists: isRegularFile });
    assert.strictEqual(localFiles.size, 0);
  });
});
