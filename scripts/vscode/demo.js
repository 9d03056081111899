// Serves the demo: code-server with the packaged gomem installed and a fresh copy of examples/
// open (quick fixes save into the workspace, so the checked-in examples stay buggy). Keeps
// running until Ctrl+C. PORT picks the port (default 8080, or any free one if 8080 is taken).
'use strict';

const fs = require('fs');
const net = require('net');
const path = require('path');
const { startCodeServer, repoRoot } = require('./codeServer');

function isPortFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function main() {
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const vsix = path.join(repoRoot, `gomem-${version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${path.basename(vsix)} is missing; run npm run package`);

  const requestedPort = Number(process.env.PORT || 8080);
  const port = (await isPortFree(requestedPort)) ? requestedPort : undefined;

  const runDir = path.join(repoRoot, '.cache', 'demo');
  fs.rmSync(runDir, { recursive: true, force: true });
  const workspace = path.join(runDir, 'examples');
  fs.cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });

  const server = await startCodeServer({ runDir: path.join(runDir, 'code-server'), extensionsToInstall: [vsix], folder: workspace, port });
  const url = `${server.url}/?folder=${encodeURI(workspace)}`;
  console.log('');
  console.log(`gomem demo: VS Code with ${path.basename(vsix)} installed and examples/ open at`);
  console.log(`  ${url}`);
  console.log('Open pool/buffers.go to see the first findings; Ctrl+. on a squiggle offers the fixes.');
  console.log(`Logs: ${server.logFile}. Press Ctrl+C to stop.`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping code-server');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  const { code, signal } = await server.exited;
  if (!stopping) {
    console.error(`code-server exited on its own (code ${code}, signal ${signal}); see ${server.logFile}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
