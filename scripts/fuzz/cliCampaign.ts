import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { mutateGo, TESTDATA, testdataGoFiles } from './goMutations';
import { CampaignOptions, FuzzCampaign, OutcomeCounts } from './outcomes';
import { SeededRandom } from './random';

/** Over this, a file counts as slow: issue 9 asks every file to lint in under 2 s. */
const SLOW_MS = 2000;
/** Files in the closing whole-tree run; enough for the CLI to start its worker threads. */
const PROCESS_RUN_FILES = 450;
const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli', 'main.js');

/**
 * `gomem lint --format json` on mutated rule test data: each iteration rewrites one file of a
 * copy of test/testdata (its package siblings stay as they are) and lints it in process. Then one
 * `gomem lint` process (with worker threads) lints a tree of mutated files at once.
 */
export const cliCampaign: FuzzCampaign = {
  name: 'cli',
  description: 'one mutated test-data file linted by gomem lint --format json (in process), then one CLI process over a tree of mutated files',
  defaultIterations: 1500,
  async run(options: CampaignOptions): Promise<OutcomeCounts> {
    const outcomes = new OutcomeCounts(new Set(['rule error', 'crash', 'bad output', 'process crash']));
    const random = new SeededRandom(options.seed);
    const tree = path.join(options.workDir, 'testdata');
    fs.cpSync(TESTDATA, tree, { recursive: true });
    const originals = testdataGoFiles().map((file) => ({ copy: path.join(tree, path.relative(TESTDATA, file)), text: fs.readFileSync(file, 'utf8') }));
    const donors = originals.map((original) => original.text);

    for (let iteration = 0; iteration < options.iterations; iteration++) {
      const target = random.pick(originals);
      const { text, steps } = mutateGo(target.text, random, donors);
      fs.writeFileSync(target.copy, text);
      const example = `${path.relative(tree, target.copy)} after ${steps.join(', ')} (iteration ${iteration})`;
      let stdout = '';
      const started = performance.now();
      let code: number;
      try {
        code = await runCli(['lint', '--format', 'json', target.copy], { stdout: (chunk) => (stdout += chunk), stderr: () => undefined });
      } catch (error) {
        outcomes.add('crash', `${example}: ${(error as Error).stack}`);
        fs.writeFileSync(target.copy, target.text);
        continue;
      }
      const elapsed = performance.now() - started;
      fs.writeFileSync(target.copy, target.text);
      outcomes.add(classify(code, stdout), example);
      if (elapsed > SLOW_MS) outcomes.add(`slow (over ${SLOW_MS / 1000} s)`, `${example}: ${Math.round(elapsed)} ms`);
      if ((iteration + 1) % 250 === 0) options.log(`cli: ${iteration + 1}/${options.iterations}`);
    }
    processRun(originals, donors, random, outcomes, options);
    return outcomes;
  },
};

/** One outcome per lint: what the JSON says, or that it was not the JSON promised. */
function classify(code: number, stdout: string): string {
  let output: { diagnostics: unknown[]; errors: { message: string }[] };
  try {
    output = JSON.parse(stdout);
  } catch {
    return 'bad output';
  }
  if (output.errors.some((error) => /^rule \S+ failed/.test(error.message))) return 'rule error';
  if (output.errors.some((error) => /time budget/.test(error.message))) return 'stopped by the time budget';
  if (output.errors.length) return 'file error';
  if (code === 1 && output.diagnostics.length) return 'findings';
  if (code === 0 && output.diagnostics.length === 0) return 'clean';
  return 'bad output';
}

/**
 * The CLI as a process over many mutated files at once (worker threads included): it must exit
 * with 0, 1 or 2, print valid JSON, and report every file that has findings or errors.
 */
function processRun(originals: readonly { copy: string; text: string }[], donors: readonly string[], random: SeededRandom, outcomes: OutcomeCounts, options: CampaignOptions): void {
  const batch = path.join(options.workDir, 'batch');
  for (let index = 0; index < PROCESS_RUN_FILES; index++) {
    const source = random.pick(originals);
    const folder = path.join(batch, `p${index % 40}`);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `f${index}.go`), mutateGo(source.text, random, donors).text);
  }
  options.log(`cli: one process over ${PROCESS_RUN_FILES} mutated files`);
  const result = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', batch], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 600_000 });
  const example = `gomem lint --format json over ${PROCESS_RUN_FILES} mutated files (seed ${options.seed}): exit ${result.status}${result.signal ? ` signal ${result.signal}` : ''} ${result.stderr.slice(0, 400)}`;
  if (result.status === null || ![0, 1, 2].includes(result.status)) return outcomes.add('process crash', example);
  const outcome = classify(result.status, result.stdout);
  outcomes.add(outcome === 'bad output' ? 'process crash' : `process run: ${outcome}`, example);
}
