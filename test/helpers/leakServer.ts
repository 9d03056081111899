// The leak_server Go program (test/fixtures/pprof/leak_server), built with the machine's Go and
// run on 127.0.0.1 for tests that capture from a real net/http/pprof server.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { goEnvironment } from './goToolchain';

export const LEAK_SERVER_SOURCE = path.resolve(__dirname, '../../../test/fixtures/pprof/leak_server');

export interface RunningLeakServer {
  /** http://127.0.0.1:PORT */
  url: string;
  stop: () => void;
}

/** Builds the program into a temporary folder; throws with go build's output when it fails. */
export function buildLeakServer(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-leak-server-'));
  const binary = path.join(dir, 'leak_server');
  const result = spawnSync('go', ['build', '-o', binary, '.'], { cwd: LEAK_SERVER_SOURCE, env: goEnvironment({ GOFLAGS: '' }), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`go build failed: ${result.stderr}`);
  return binary;
}

/** Starts it and resolves once it prints its address; it exits when stop() closes its stdin. */
export function startLeakServer(binary: string): Promise<RunningLeakServer> {
  const child: ChildProcess = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`leak_server printed no address: ${output}`)), 20_000);
    child.on('error', reject);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          stop: () => {
            child.stdin!.end();
            child.kill();
          },
        });
      }
    });
  });
}
