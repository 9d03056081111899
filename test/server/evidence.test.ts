import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { ACTIVE_PROFILE_NOTIFICATION, ActiveProfileParams, LINT_WORKSPACE_REQUEST } from '../../src/server/protocol';
import { SERVER, ServerSession } from '../helpers/serverSession';

/** A Go module with three findings and the heap profile its main.go wrote (see main.go there). */
const FIXTURE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'evidence');
const CLAUSE = /; the \w+ profile shows /;

describe('language server: findings backed by the active profile', function () {
  this.timeout(30_000);
  let workspace: string;
  let session: ServerSession;
  let uri: string;
  let profile: string;
  let text: string;

  beforeEach(async () => {
    assert.ok(fs.existsSync(SERVER), 'build the server first (npm run build)');
    // A copy elsewhere: the profile (built with -trimpath) names files by module path.
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-evidence-server-'));
    fs.cpSync(FIXTURE, workspace, { recursive: true });
    const file = path.join(workspace, 'archive.go');
    text = fs.readFileSync(file, 'utf8');
    uri = pathToFileURL(file).href;
    profile = path.join(workspace, 'evidence.heap.pb.gz');
    session = new ServerSession(workspace);
    await session.initialize();
  });

  afterEach(async () => {
    await session.dispose();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  const lineOf = (needle: string) => text.split('\n').findIndex((line) => line.includes(needle));
  const at = (diagnostics: Diagnostic[], needle: string) => {
    const found = diagnostics.find((diagnostic) => diagnostic.range.start.line === lineOf(needle));
    assert.ok(found, `no diagnostic on the line of ${needle}: ${JSON.stringify(diagnostics)}`);
    return found;
  };
  const setProfile = (params: ActiveProfileParams) => session.connection.sendNotification(ACTIVE_PROFILE_NOTIFICATION, params);
  const withEvidence = (count: number) => (diagnostics: Diagnostic[]) => diagnostics.filter((diagnostic) => CLAUSE.test(diagnostic.message)).length === count;

  async function openArchive(): Promise<Diagnostic[]> {
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
    return session.diagnosticsFor(uri, (diagnostics) => diagnostics.length === 3);
  }

  it('adds the evidence clause and a link to the profile to the findings it proves, and takes them away when the profile is cleared', async () => {
    const before = await openArchive();
    assert.ok(before.every((diagnostic) => !CLAUSE.test(diagnostic.message)));

    await setProfile({ path: profile });
    const after = await session.diagnosticsFor(uri, withEvidence(2));
    const store = at(after, 'evidence, 24MB');
    assert.ok(store.message.endsWith('; the heap profile shows 24MB in use under this function.'), store.message);
    assert.strictEqual(store.message, `${at(before, 'evidence, 24MB').message.replace(/\.$/, '')}; the heap profile shows 24MB in use under this function.`);
    const link = store.relatedInformation!.at(-1)!;
    assert.strictEqual(link.location.uri, pathToFileURL(profile).href);
    assert.match(link.message, /^evidence\.heap\.pb\.gz \(inuse_space\): 24MB in use under \(\*Archive\)\.Store; open it in the gomem profile viewer$/);
    // The finding's own links (the Get of the Put) stay, before the profile's.
    assert.deepStrictEqual(store.relatedInformation!.slice(0, -1), at(before, 'evidence, 24MB').relatedInformation);
    assert.ok(at(after, 'evidence, 1.5MB').message.endsWith('; the heap profile shows 1.50MB in use under this function.'));
    // greet keeps nothing in use: its diagnostic is exactly what it was.
    assert.deepStrictEqual(at(after, 'no evidence'), at(before, 'no evidence'));

    // The quick fixes name the diagnostic as it is shown.
    const actions: CodeAction[] = await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: store.range, context: { diagnostics: [store] } });
    assert.ok(actions.length > 0);
    assert.strictEqual(actions[0].diagnostics?.[0].message, store.message);

    await setProfile({ path: null });
    const cleared = await session.diagnosticsFor(uri, withEvidence(0));
    assert.deepStrictEqual(cleared, before);
  });

  it('keeps the evidence as the document is edited, on the lines the findings move to', async () => {
    await openArchive();
    await setProfile({ path: profile });
    await session.diagnosticsFor(uri, withEvidence(2));
    // A comment line above everything: the profile's lines are older than the text, the functions are not.
    text = `// Package main keeps uploads.\n${text}`;
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    const edited = await session.diagnosticsOfVersion(uri, 2);
    assert.match(at(edited, 'evidence, 24MB').message, /; the heap profile shows 24MB in use under this function\.$/);
    assert.doesNotMatch(at(edited, 'no evidence').message, CLAUSE);
  });

  it('reads the sample type the viewer shows: greet allocated bytes on its Put line (go tool pprof -list: 792B)', async () => {
    await openArchive();
    await setProfile({ path: profile, sampleType: 'alloc_space' });
    const diagnostics = await session.diagnosticsFor(uri, withEvidence(3));
    assert.ok(at(diagnostics, 'no evidence').message.endsWith('; the heap profile shows 792B allocated on this line.'), at(diagnostics, 'no evidence').message);
  });

  it('gives the findings of the workspace lint (files not open) their evidence too', async () => {
    await session.connection.sendRequest(LINT_WORKSPACE_REQUEST, {});
    await session.diagnosticsFor(uri, (diagnostics) => diagnostics.length === 3);
    await setProfile({ path: profile });
    const diagnostics = await session.diagnosticsFor(uri, withEvidence(2));
    assert.match(at(diagnostics, 'evidence, 24MB').message, /24MB in use under this function\.$/);
  });

  it('says in its log why a file that is not a profile gives no evidence, and keeps serving', async () => {
    const before = await openArchive();
    await setProfile({ path: profile });
    await session.diagnosticsFor(uri, withEvidence(2));
    const notes = path.join(workspace, 'notes.txt');
    fs.writeFileSync(notes, 'just some notes\n');
    await setProfile({ path: notes });
    // The profile it cannot read replaces the one before: no stale evidence from it.
    assert.deepStrictEqual(await session.diagnosticsFor(uri, withEvidence(0)), before);
    assert.ok(session.log.some((line) => line.includes('gomem shows no profile evidence: ') && line.includes('notes.txt: The file is text but not a profile')), session.log.join('\n'));
    await session.connection.sendNotification(ACTIVE_PROFILE_NOTIFICATION, { path: 42 });
    await setProfile({ path: profile });
    await session.diagnosticsFor(uri, withEvidence(2));
    assert.strictEqual(session.exit, undefined);
  });
});
