// The leak hunt in a real extension host: capture from URL against the leak_server Go program,
// a heap watch (status bar text, growth ranking, reload-proof series), and the profile viewer in
// compare mode.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import * as vscode from 'vscode';
import { GO } from '../helpers/goToolchain';
import { buildLeakServer, RunningLeakServer, startLeakServer } from '../helpers/leakServer';
import { activateGomem, reportMeasurement, waitFor } from './helpers';
import { PPROF_FIXTURES } from '../ui/profileViewerFixtures';
import type { GomemApi } from '../../src/client/extension';

describe('leak hunt', function () {
  this.timeout(180_000);
  let api: GomemApi;
  let server: RunningLeakServer;
  let profiles: string;

  before(async function () {
    if (!GO) this.skip();
    api = await activateGomem();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    profiles = path.join(folder.uri.fsPath, '.gomem', 'profiles');
    server = await startLeakServer(buildLeakServer());
  });

  after(async () => {
    await vscode.commands.executeCommand('gomem.stopWatch');
    server?.stop();
    await vscode.workspace.getConfiguration('gomem').update('profile.watchIntervalSeconds', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('registers the capture, watch and compare commands and their settings', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['gomem.captureProfile', 'gomem.watchHeap', 'gomem.stopWatch', 'gomem.showHeapWatch', 'gomem.compareWith']) assert.ok(commands.includes(id), id);
    assert.strictEqual(vscode.workspace.getConfiguration('gomem').inspect<number>('profile.watchIntervalSeconds')?.defaultValue, 30);
  });

  it('Capture Profile from URL writes the heap profile under .gomem/profiles and opens it in the viewer', async () => {
    const file = await vscode.commands.executeCommand<string>('gomem.captureProfile', server.url.replace('http://', ''), 'heap');
    assert.ok(file, 'the capture returned no file');
    assert.strictEqual(path.dirname(file), profiles);
    assert.match(path.basename(file), /^\d{8}T\d{6}\.\d{3}Z_127\.0\.0\.1-\d+_heap\.pb\.gz$/);
    await waitFor('the captured profile in the viewer', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputCustom && input.uri.fsPath === file ? input : undefined;
    });
  });

  it('Watch Heap: snapshots every interval, status bar count and total, the leak ranks first, the churn is not listed', async () => {
    await vscode.workspace.getConfiguration('gomem').update('profile.watchIntervalSeconds', 1, vscode.ConfigurationTarget.Workspace);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    await vscode.commands.executeCommand('gomem.watchHeap', server.url);
    const state = await waitFor('four snapshots', () => {
      const s = api.leakHunt.watchState();
      return s.snapshots >= 4 ? s : undefined;
    }, 60_000);
    delay.disable();
    reportMeasurement('heap watch: longest extension host stall (ms)', delay.max / 1e6);
    assert.ok(state.watching);
    assert.match(state.statusText ?? '', /heap: \d+ snapshots, [\d.]+[kMG]?B in use/);
    const rows = state.series.rows;
    assert.strictEqual(rows[0].function, 'main.retainSession');
    assert.strictEqual(rows[0].grewEveryInterval, true);
    // The churn's 256 kB buffers never stay (a few bytes of runtime bookkeeping may, never steadily).
    const churn = rows.find((r) => r.function === 'main.renderPage');
    assert.ok(!churn || (churn.growth < 1024 && !churn.grewEveryInterval), JSON.stringify(rows));
    const totals = state.series.snapshots.map((s) => s.total);
    assert.ok(totals[totals.length - 1] > totals[0]);
    await vscode.commands.executeCommand('gomem.stopWatch');
    assert.strictEqual(api.leakHunt.watchState().watching, false);
    const written = fs.readdirSync(profiles).filter((f) => f.endsWith('_heap.pb.gz'));
    assert.ok(written.length >= 5, written.join());
    assert.ok(!fs.readdirSync(profiles).some((f) => f.endsWith('.partial')));
  });

  it('Compare with... turns the profile viewer into a diff against the base, and the view state says so', async () => {
    const files = fs.readdirSync(profiles).filter((f) => f.endsWith('_heap.pb.gz')).sort();
    const base = vscode.Uri.file(path.join(profiles, files[0]));
    const next = vscode.Uri.file(path.join(profiles, files[files.length - 1]));
    const problem = await vscode.commands.executeCommand<string | undefined>('gomem.compareWith', next, base);
    assert.strictEqual(problem, undefined);
    const state = await waitFor('the viewer in compare mode', () => {
      const s = api.profileViewState();
      return s?.base && s.profile.fsPath === next.fsPath ? s : undefined;
    });
    assert.strictEqual(state.base?.fsPath, base.fsPath);
    assert.strictEqual(state.sampleType, 'inuse_space');
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputCustom && tab.input.viewType === 'gomem.profileViewer' && tab.input.uri.fsPath === next.fsPath, tab?.label);
    // No second panel: the compare panel is gone, the viewer is the one implementation.
    assert.ok(!vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label.startsWith('Compare:')));
  });

  it('Compare with... on profiles that cannot be compared answers one sentence and leaves the viewer as it was', async () => {
    const cpu = vscode.Uri.file(path.join(PPROF_FIXTURES, 'pool_leak.cpu.pb.gz'));
    const heap = vscode.Uri.file(path.join(PPROF_FIXTURES, 'pool_leak.heap.pb.gz'));
    const problem = await vscode.commands.executeCommand<string | undefined>('gomem.compareWith', heap, cpu);
    assert.match(problem ?? '', /^These profiles cannot be compared: they have no sample type in common \(.*\)\.$/);
    const state = await waitFor('the heap profile in the viewer', () => {
      const s = api.profileViewState();
      return s?.profile.fsPath === heap.fsPath ? s : undefined;
    });
    assert.strictEqual(state.base, undefined);
  });
});
