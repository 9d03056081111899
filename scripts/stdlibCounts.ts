// Lints Go's standard library and prints (or, with --write, records) the findings per rule.
// test/realworld/stdlib-counts.json pins them so precision work cannot drift silently; every
// finding behind those counts is reviewed in test/realworld/stdlib-review.md.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { lintFiles } from '../src/cli/lintRunner';
import { ALL_RULE_IDS, ALL_RULES } from '../src/core/rules';
import { collectGoFiles } from '../src/core/workspace';

export const COUNTS_FILE = path.resolve(__dirname, '..', '..', 'test', 'realworld', 'stdlib-counts.json');

/** `$GOROOT/src` of the installed Go, or undefined without Go. */
export function stdlibSource(): string | undefined {
  const result = spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8' });
  const src = result.status === 0 ? path.join(result.stdout.trim(), 'src') : undefined;
  return src && fs.existsSync(src) ? src : undefined;
}

/**
 * The corpus: `$GOROOT/src` as `gomem lint` walks it (testdata skipped), plus the vendored
 * golang.org/x and pprof packages that ship with it (src/vendor, src/cmd/vendor), which the
 * walk would skip but `go vet std cmd` checks too.
 */
export function stdlibRoots(src: string): string[] {
  return [src, path.join(src, 'vendor'), path.join(src, 'cmd', 'vendor')].filter((root) => fs.existsSync(root));
}

export interface StdlibCounts {
  goVersion: string;
  files: number;
  findings: Record<string, number>;
}

export async function countStdlibFindings(src: string): Promise<StdlibCounts> {
  const files = collectGoFiles(stdlibRoots(src));
  // Every rule, the off-by-default ones too: the review judges them all.
  const { reports } = await lintFiles(files, { only: [...ALL_RULE_IDS] });
  const findings: Record<string, number> = Object.fromEntries(ALL_RULES.map((rule) => [rule.meta.id, 0]));
  for (const report of reports) for (const finding of report.findings) findings[finding.ruleId]++;
  const version = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).stdout.trim();
  return { goVersion: version.replace(/^go(\d+\.\d+).*/, '$1'), files: files.length, findings };
}

if (require.main === module) {
  const src = stdlibSource();
  if (!src) {
    console.error('no Go standard library found (go env GOROOT)');
    process.exit(2);
  }
  countStdlibFindings(src).then((counts) => {
    const text = JSON.stringify(counts, null, 2) + '\n';
    if (process.argv.includes('--write')) fs.writeFileSync(COUNTS_FILE, text);
    process.stdout.write(text);
  });
}
