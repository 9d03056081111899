// `npm run fuzz`: longer seeded fuzz campaigns than the unit tests run, with counts by outcome.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import type { FuzzCampaign } from './fuzz/outcomes';

/** Campaigns live in their own modules under scripts/fuzz/ and export one FuzzCampaign each. */
const CAMPAIGNS: [file: string, exported: string][] = [
  ['cliCampaign.js', 'cliCampaign'],
  ['serverCampaign.js', 'serverCampaign'],
  ['profileCampaign.js', 'profileCampaign'],
];

const USAGE = `usage: npm run fuzz -- [--seed N] [--iterations N] [--campaign NAME]...
  Runs each campaign (default: all) and prints how many inputs ended in each outcome.
  Exits 1 if any campaign saw a failure outcome (marked "FAIL"); its first input is printed.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { seed: { type: 'string', default: '1' }, iterations: { type: 'string' }, campaign: { type: 'string', multiple: true }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const seed = Number(values.seed);
  const iterations = values.iterations === undefined ? undefined : Number(values.iterations);
  if (!Number.isInteger(seed) || (iterations !== undefined && !(Number.isInteger(iterations) && iterations > 0))) {
    console.error(USAGE);
    return 2;
  }
  const campaigns: FuzzCampaign[] = [];
  for (const [file, exported] of CAMPAIGNS) {
    const modulePath = path.join(__dirname, 'fuzz', file);
    if (fs.existsSync(modulePath)) campaigns.push(require(modulePath)[exported]);
  }
  const unknown = (values.campaign ?? []).filter((name) => !campaigns.some((campaign) => campaign.name === name));
  if (unknown.length) {
    console.error(`unknown campaign ${unknown.join(', ')} (${campaigns.map((campaign) => campaign.name).join(', ')})`);
    return 2;
  }
  let failed = false;
  for (const campaign of campaigns) {
    if (values.campaign && !values.campaign.includes(campaign.name)) continue;
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `gomem-fuzz-${campaign.name}-`));
    const count = iterations ?? campaign.defaultIterations;
    const started = Date.now();
    try {
      const outcomes = await campaign.run({ seed, iterations: count, workDir, log: (line) => process.stderr.write(`${line}\n`) });
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      console.log(`\n${campaign.name} (seed ${seed}, ${count} iterations, ${seconds} s): ${campaign.description}`);
      const width = Math.max(...[...outcomes.counts.keys()].map((outcome) => outcome.length));
      for (const [outcome, number] of [...outcomes.counts].sort((a, b) => b[1] - a[1])) {
        const failure = outcomes.failures.has(outcome);
        console.log(`  ${outcome.padEnd(width)}  ${String(number).padStart(6)}${failure ? '  FAIL' : ''}`);
        if (failure) console.log(`    first: ${outcomes.examples.get(outcome)}`);
      }
      failed ||= outcomes.failed().length > 0;
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
