// `npm run bench`: every performance figure gomem promises, measured side by side in one run.
import * as fs from 'fs';
import * as path from 'path';
import { benchLint } from './bench/lintBench';
import type { BenchRow } from './bench/benchRow';

type Bench = () => Promise<BenchRow[]>;

/** Benchmarks that live in their own modules and export a function of this name. */
const OPTIONAL_BENCHES: [file: string, exported: string][] = [
  ['profileBench.js', 'benchProfiles'],
  ['viewerBench.js', 'benchViewer'],
  ['gctraceBench.js', 'benchGcTrace'],
  ['leakHuntBench.js', 'benchLeakHunt'],
  ['lineFiguresBench.js', 'benchLineFigures'],
];

function formatValue(row: BenchRow): string {
  if (Number.isNaN(row.value)) return '-';
  const digits = Math.abs(row.value) >= 100 ? 0 : Math.abs(row.value) >= 10 ? 1 : 2;
  return `${row.value.toFixed(digits)} ${row.unit}`.trim();
}

async function main(): Promise<void> {
  const benches: [string, Bench][] = [['lint', benchLint]];
  for (const [file, exported] of OPTIONAL_BENCHES) {
    const modulePath = path.join(__dirname, 'bench', file);
    if (fs.existsSync(modulePath)) benches.push([file.replace(/Bench\.js$/, ''), require(modulePath)[exported]]);
  }
  const only = process.argv.slice(2);
  const rows: BenchRow[] = [];
  for (const [name, bench] of benches) {
    if (only.length && !only.includes(name)) continue;
    process.stderr.write(`running ${name} benchmarks...\n`);
    for (const row of await bench()) {
      rows.push(row);
      process.stderr.write(`  ${row.name}: ${formatValue(row)}${row.note ? ` (${row.note})` : ''}\n`);
    }
  }
  const nameWidth = Math.max(...rows.map((row) => row.name.length));
  console.log(`\n${'benchmark'.padEnd(nameWidth)}  value`);
  for (const row of rows) console.log(`${row.name.padEnd(nameWidth)}  ${formatValue(row)}${row.note ? `  (${row.note})` : ''}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
