// Entry point VS Code's extension host calls to run the suite (extensionTestsPath). The same
// file serves code-server (scripts/vscode/runVsCodeTests.js) and @vscode/test-electron
// (scripts/vscode/runElectronTests.js).
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  // GOMEM_TEST_GREP (inherited from code-server's environment) narrows a local run to some tests.
  const grep = process.env.GOMEM_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  const testFiles = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const name of testFiles) mocha.addFile(path.join(__dirname, name));
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} of the extension's tests failed`);
}
