import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LINT_WORKSPACE_REQUEST } from '../../src/server/protocol';
import { ServerSession } from '../helpers/serverSession';

const POOL = `package render

import (
\t"bytes"
\t"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func greet(name string) string {
\tbuf := bufPool.Get().(*bytes.Buffer)
\tbuf.WriteString(name)
\ts := buf.String()
\tbufPool.Put(buf)
\treturn s
}
`;

const MAPS = `package store

type point struct{ x, y int }

func index(points []point) map[int]*point {
\tm := map[int]*point{}
\tfor i, p := range points {
\t\tm[i] = &p
\t}
\treturn m
}
`;

function entries(cacheHome: string): string[] {
  const folder = path.join(cacheHome, 'gomem', 'lint-v1');
  return fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => name.endsWith('.json')).map((name) => path.join(folder, name)) : [];
}

/** Rewrites a folder's stored messages (valid checksum): shown again only if read from the cache. */
function tamper(cacheHome: string, folder: string, marker: string): void {
  for (const file of entries(cacheHome)) {
    const raw = fs.readFileSync(file, 'utf8');
    const entry = JSON.parse(raw.slice(raw.indexOf('\n') + 1));
    if (entry.folder !== folder) continue;
    for (const { result } of entry.results) for (const report of result.reports) for (const finding of report.findings) finding.message = `${marker} ${finding.message}`;
    const body = JSON.stringify(entry);
    fs.writeFileSync(file, `${crypto.createHash('sha256').update(body).digest('hex')}\n${body}`);
    return;
  }
  assert.fail(`no cache entry for ${folder}`);
}

describe('Lint Workspace and the result cache', function () {
  this.timeout(60_000);
  let workspace: string;
  let cacheHome: string;
  let session: ServerSession;
  let renderUri: string;
  let storeUri: string;

  beforeEach(async () => {
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-server-cache-')));
    cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-server-cache-home-'));
    fs.writeFileSync(path.join(workspace, 'go.mod'), 'module example.com/demo\n\ngo 1.21\n');
    for (const [folder, file, text] of [['render', 'greet.go', POOL], ['store', 'index.go', MAPS]]) {
      fs.mkdirSync(path.join(workspace, folder));
      fs.writeFileSync(path.join(workspace, folder, file), text);
    }
    renderUri = pathToFileURL(path.join(workspace, 'render', 'greet.go')).href;
    storeUri = pathToFileURL(path.join(workspace, 'store', 'index.go')).href;
    session = new ServerSession(workspace, { ...process.env, XDG_CACHE_HOME: cacheHome });
    await session.initialize();
  });
  afterEach(async () => {
    await session.dispose();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(cacheHome, { recursive: true, force: true });
  });

  it('stores what it lints, answers unchanged packages from the cache and re-lints an edited one', async () => {
    assert.deepStrictEqual(await session.connection.sendRequest(LINT_WORKSPACE_REQUEST, {}), { files: 2, findings: 2, cancelled: false });
    assert.strictEqual(entries(cacheHome).length, 2, 'one entry per package');
    tamper(cacheHome, path.join(workspace, 'render'), 'STALE');
    tamper(cacheHome, path.join(workspace, 'store'), 'CACHED');
    fs.writeFileSync(path.join(workspace, 'render', 'greet.go'), POOL.replace('func greet(name string)', 'func hello(name string)'));
    assert.deepStrictEqual(await session.connection.sendRequest(LINT_WORKSPACE_REQUEST, {}), { files: 2, findings: 2, cancelled: false });
    await session.diagnosticsFor(storeUri, (d) => d.length === 1 && d[0].message.startsWith('CACHED '));
    const render = await session.diagnosticsFor(renderUri, (d) => d.length === 1);
    assert.ok(!render[0].message.includes('STALE'), render[0].message);
    assert.match(render[0].message, /buf goes back to bufPool without Reset/);
  });

  it('lints a package with an open document from the editor, not from the cache', async () => {
    await session.connection.sendRequest(LINT_WORKSPACE_REQUEST, {});
    tamper(cacheHome, path.join(workspace, 'store'), 'CACHED');
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: storeUri, languageId: 'go', version: 1, text: MAPS } });
    await session.diagnosticsFor(storeUri, (d) => d.length === 1 && !d[0].message.startsWith('CACHED'));
    await session.connection.sendRequest(LINT_WORKSPACE_REQUEST, {});
    const shown = await session.diagnosticsFor(storeUri, (d) => d.length === 1);
    assert.ok(!shown[0].message.startsWith('CACHED'), shown[0].message);
  });

  it('logs one warning for damaged entries and publishes what a cold lint gives', async () => {
    await session.connection.sendRequest(LINT_WORKSPACE_REQUEST, {});
    for (const file of entries(cacheHome)) fs.writeFileSync(file, 'garbage');
    assert.deepStrictEqual(await session.connection.sendRequest(LINT_WORKSPACE_REQUEST, {}), { files: 2, findings: 2, cancelled: false });
    await session.diagnosticsFor(renderUri, (d) => d.length === 1 && /without Reset/.test(d[0].message));
    assert.strictEqual(session.log.filter((line) => line.includes('damaged lint cache entry')).length, 1, session.log.join('\n'));
  });
});
