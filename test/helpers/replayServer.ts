// A stand-in for a large Go service's /debug/pprof/heap: a child process that writes the ten
// large heap snapshots of the leak hunt bench (test/fixtures/pprof/large, grown step by step) and
// answers each request with the next one. It runs apart from the caller, so a test that measures
// the extension host's event loop measures the extension, not the server.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import type { RunningLeakServer } from './leakServer';

/** Starts the server in a child process; resolves once the snapshots are written and it listens. */
/** `files`: the snapshots in the order they are served (the last one again after the end). */
export function startReplayServer(): Promise<RunningLeakServer & { files: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-replay-'));
  const child: ChildProcess = spawn(process.execPath, [__filename, dir], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the replay server printed no address: ${output}`)), 120_000);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the replay server exited (${code}): ${output}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        files: fs.readdirSync(dir).sort().map((name) => path.join(dir, name)),
        stop: () => {
          child.stdin!.end();
          child.kill();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      });
    });
  });
}

function serve(dir: string): void {
  // The bench's variants: the same generator, so the suite and the bench measure the same input.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { writeVariants } = require('../../scripts/bench/leakHuntBench') as typeof import('../../scripts/bench/leakHuntBench');
  const bodies = writeVariants(dir).map((file) => fs.readFileSync(file));
  let served = 0;
  const server = http.createServer((request, response) => {
    if (!request.url?.startsWith('/debug/pprof/heap')) {
      response.writeHead(404).end('404 page not found\n');
      return;
    }
    // After the last snapshot the last one again: a watch that outlasts the series sees no growth.
    const body = bodies[Math.min(served++, bodies.length - 1)];
    response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length }).end(body);
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
  });
  // Ends with its parent: stdin closes when the test stops it or dies.
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

if (require.main === module) serve(process.argv[2]);
