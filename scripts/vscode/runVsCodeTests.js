// `npm run test:vscode`: runs the extension's mocha suite inside a real VS Code extension host
// (code-server, driven by chromium through Playwright), then the Playwright UI tests against the
// same server. Expects `tsc` output in out/ (npm run build); packages the .vsix itself so the
// tests exercise exactly what users install.
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const { startCodeServer, repoRoot } = require('./codeServer');

const outputDir = path.join(repoRoot, 'test-output', 'vscode');
const fixtureWorkspace = path.join(repoRoot, 'test', 'fixtures', 'workspace');
const compiledSuite = path.join(repoRoot, 'out', 'test', 'suite', 'index.js');
const compiledUiDir = path.join(repoRoot, 'out', 'test', 'ui');
const SUITE_TIMEOUT_MS = 5 * 60_000;

function packageExtension() {
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const vsix = path.join(repoRoot, `gomem-${version}.vsix`);
  fs.rmSync(vsix, { force: true });
  const result = childProcess.spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.status !== 0 || !fs.existsSync(vsix)) {
    process.stdout.write(result.stdout || '');
    throw new Error('npm run package failed');
  }
  return vsix;
}

const VSIX_SIZE_LIMIT = 5 * 1024 * 1024;
const VSIX_REQUIRED_ENTRIES = [
  'extension/package.json',
  'extension/dist/client/extension.js',
  'extension/dist/server/server.js',
  'extension/dist/server/evidenceWorker.js',
  'extension/dist/wasm/tree-sitter.wasm',
  'extension/dist/wasm/tree-sitter-go.wasm',
];
const VSIX_FORBIDDEN_PREFIXES = ['src/', 'test/', 'out/', 'node_modules/', '.cache/', 'examples/', 'scripts/', 'test-output/'];

/** The .vsix must hold what runs (bundles, WASM grammar) and nothing else, under 5 MB. */
function checkPackageContents(vsix) {
  const listing = childProcess.execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' });
  const entries = listing.split('\n').filter(Boolean);
  const problems = [];
  for (const required of VSIX_REQUIRED_ENTRIES) {
    if (!entries.includes(required)) problems.push(`missing ${required}`);
  }
  for (const entry of entries) {
    const inside = entry.replace(/^extension\//, '');
    if (VSIX_FORBIDDEN_PREFIXES.some((prefix) => inside.startsWith(prefix)) || inside.endsWith('.map')) problems.push(`should not ship ${entry}`);
  }
  const size = fs.statSync(vsix).size;
  if (size > VSIX_SIZE_LIMIT) problems.push(`is ${(size / 1024 / 1024).toFixed(1)} MB, over the 5 MB limit`);
  if (problems.length > 0) throw new Error(`${path.basename(vsix)}: ${problems.join('; ')}`);
  return { size, files: entries.filter((entry) => entry.startsWith('extension/')).length };
}

/** A fresh copy per run: quick fixes and setting changes save into the workspace. */
function copyFixtureWorkspace(destination) {
  fs.cpSync(fixtureWorkspace, destination, { recursive: true });
  return destination;
}

function installedExtensionDir(extensionsDir) {
  const name = fs.readdirSync(extensionsDir).find((entry) => entry.startsWith('gomem.gomem-'));
  if (!name) throw new Error(`the .vsix did not install into ${extensionsDir}`);
  return path.join(extensionsDir, name);
}

/**
 * Opens the workbench with the smoke-test driver's `payload`, which makes VS Code load the
 * extension from `extensionDir` and call `run()` of the compiled suite in its extension host.
 * The suite's console output and exit code come back through two functions exposed on the page,
 * the protocol @vscode/test-web uses.
 */
async function runSuiteInBrowser({ server, extensionDir, workspace, measurements }) {
  const { launchChromium } = require(path.join(compiledUiDir, 'chromium.js'));
  const remote = (absolutePath) => `vscode-remote://127.0.0.1:${server.port}${absolutePath}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDir)],
    ['extensionTestsPath', remote(compiledSuite)],
  ];
  const query = new URLSearchParams({ folder: workspace, payload: JSON.stringify(payload) });

  const context = await launchChromium(path.join(server.runDir, 'chromium-suite'));
  try {
    const page = context.pages()[0] || (await context.newPage());
    let reportExit;
    const exitCode = new Promise((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      const measured = /^\[measurement\] (.+): (\d+) ms$/.exec(text.trim());
      if (measured) measurements[measured[1]] = Number(measured[2]);
      (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));
    await page.goto(`${server.url}/?${query}`);
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS).unref());
    const outcome = await Promise.race([exitCode, timeout]);
    await page.screenshot({ path: path.join(outputDir, 'suite-final.png') }).catch(() => {});
    if (outcome === 'timeout') {
      console.error(`The extension suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s.`);
      return 1;
    }
    return outcome;
  } finally {
    await context.close();
  }
}

function runUiTests({ server, workspace }) {
  const tests = fs.existsSync(compiledUiDir) ? fs.readdirSync(compiledUiDir).filter((name) => name.endsWith('.test.js')) : [];
  if (tests.length === 0) throw new Error(`no compiled UI tests in ${compiledUiDir}; run npm run build`);
  const mocha = path.join(path.dirname(require.resolve('mocha/package.json', { paths: [repoRoot] })), 'bin', 'mocha.js');
  const grep = process.env.GOMEM_TEST_GREP ? ['--grep', process.env.GOMEM_TEST_GREP] : [];
  const result = childProcess.spawnSync(process.execPath, [mocha, '--timeout', '180000', ...grep, ...tests.map((name) => path.join(compiledUiDir, name))], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: {
      ...process.env,
      GOMEM_CODE_SERVER_URL: server.url,
      GOMEM_CODE_SERVER_RUN_DIR: server.runDir,
      GOMEM_UI_WORKSPACE: workspace,
      GOMEM_TEST_OUTPUT: outputDir,
    },
  });
  return result.status ?? 1;
}

/** Keeps code-server's and the extension host's logs next to the screenshots. */
function collectLogs(server) {
  const logsDir = path.join(outputDir, 'logs');
  fs.mkdirSync(logsDir, { recursive: true });
  fs.copyFileSync(server.logFile, path.join(logsDir, 'code-server.log'));
  const workbenchLogs = path.join(server.userDataDir, 'logs');
  if (fs.existsSync(workbenchLogs)) fs.cpSync(workbenchLogs, path.join(logsDir, 'vscode'), { recursive: true });
}

async function main() {
  if (!fs.existsSync(compiledSuite)) throw new Error(`${path.relative(repoRoot, compiledSuite)} is missing; run npm run build`);
  fs.rmSync(outputDir, { recursive: true, force: true });
  fs.mkdirSync(outputDir, { recursive: true });

  console.log('Packaging the extension');
  const vsix = packageExtension();
  const contents = checkPackageContents(vsix);
  console.log(`${path.basename(vsix)}: ${(contents.size / 1024).toFixed(0)} KB, ${contents.files} files, contents checked`);
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gomem-vscode-'));
  let server;
  let failed = true;
  try {
    const started = Date.now();
    server = await startCodeServer({ runDir: path.join(runDir, 'code-server'), extensionsToInstall: [vsix], enableSmokeTestDriver: true });
    console.log(`code-server ${server.url} is up after ${Date.now() - started} ms (with ${path.basename(vsix)} installed)`);
    const extensionDir = installedExtensionDir(path.join(server.runDir, 'extensions'));

    const measurements = { 'vsix size (bytes)': contents.size };
    console.log('\nThe extension suite, inside the extension host:');
    const suiteStarted = Date.now();
    const suiteExit = await runSuiteInBrowser({ server, extensionDir, workspace: copyFixtureWorkspace(path.join(runDir, 'suite-workspace')), measurements });
    measurements['suite wall time, from page load'] = Date.now() - suiteStarted;

    console.log('\nThe UI tests, in the browser:');
    const uiExit = runUiTests({ server, workspace: copyFixtureWorkspace(path.join(runDir, 'ui-workspace')) });

    const uiMeasurements = path.join(outputDir, 'ui-measurements.json');
    if (fs.existsSync(uiMeasurements)) {
      Object.assign(measurements, JSON.parse(fs.readFileSync(uiMeasurements, 'utf8')));
      fs.rmSync(uiMeasurements);
    }
    fs.writeFileSync(path.join(outputDir, 'measurements.json'), `${JSON.stringify(measurements, null, 2)}\n`);
    console.log(`\nMeasurements (test-output/vscode/measurements.json): ${JSON.stringify(measurements)}`);
    console.log(`Suite exit code ${suiteExit}, UI tests exit code ${uiExit}; screenshots and logs in ${path.relative(repoRoot, outputDir)}/`);
    failed = suiteExit !== 0 || uiExit !== 0;
  } finally {
    if (server) {
      await server.stop();
      collectLogs(server);
    }
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
