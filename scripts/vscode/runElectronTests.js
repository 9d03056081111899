// `npm run test:electron`: the extension's suite (test/suite) in desktop VS Code through
// @vscode/test-electron, for contributors who have desktop VS Code or can download it. CI on
// machines without Microsoft's update server uses `npm run test:vscode` (code-server) instead.
//
// VSCODE_EXECUTABLE_PATH=/path/to/code uses an installed VS Code; without it test-electron
// downloads the latest stable build into .vscode-test/.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { quietUserSettings, repoRoot } = require('./codeServer');

async function main() {
  const extensionTestsPath = path.join(repoRoot, 'out', 'test', 'suite', 'index.js');
  if (!fs.existsSync(extensionTestsPath)) throw new Error('out/test/suite/index.js is missing; run npm run build');

  // Fresh workspace and profile: the suite applies quick fixes and writes workspace settings.
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-electron-'));
  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const userDataDir = path.join(runDir, 'user-data');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(quietUserSettings, null, 2));

  try {
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      launchArgs: [
        workspace,
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        path.join(runDir, 'extensions'),
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
