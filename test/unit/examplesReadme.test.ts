import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { ALL_RULES } from '../../src/core/rules';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');

/** `| \`pool/\` | ... | 6: \`rule-a\` ×3, \`rule-b\` ×3 |` → folder → rule → count ("none" is empty). */
function claimedFindings(readme: string): Map<string, Map<string, number>> {
  const claims = new Map<string, Map<string, number>>();
  for (const line of readme.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const folder = /^`([\w/]+)\/`$/.exec(cells[1] ?? '')?.[1];
    if (!folder) continue;
    const reported = cells[cells.length - 2];
    const byRule = new Map<string, number>();
    for (const [, rule, count] of reported.matchAll(/`([\w-]+)` ×(\d+)/g)) byRule.set(rule, Number(count));
    const total = /^(\d+):/.exec(reported);
    if (total) assert.strictEqual([...byRule.values()].reduce((a, b) => a + b, 0), Number(total[1]), `${folder}: the rule counts do not add up to ${total[1]}`);
    else assert.match(reported, /^none\b/, `${folder}: "${reported}" is neither a count nor "none"`);
    claims.set(folder, byRule);
  }
  return claims;
}

describe('examples/README.md', function () {
  this.timeout(60_000);

  it('says exactly which findings each example folder shows today', async () => {
    let stdout = '';
    const code = await runCli(['lint', '--all-rules', '--format', 'json', EXAMPLES], { stdout: (s) => (stdout += s), stderr: () => undefined });
    assert.strictEqual(code, 1);
    const actual = new Map<string, Map<string, number>>();
    for (const diagnostic of JSON.parse(stdout).diagnostics as { file: string; rule: string }[]) {
      const relative = path.relative(EXAMPLES, path.resolve(diagnostic.file)).split(path.sep);
      const folder = relative.slice(0, relative[0] === 'cmd' ? 2 : 1).join('/');
      const byRule = actual.get(folder) ?? new Map<string, number>();
      byRule.set(diagnostic.rule, (byRule.get(diagnostic.rule) ?? 0) + 1);
      actual.set(folder, byRule);
    }
    const claimed = claimedFindings(fs.readFileSync(path.join(EXAMPLES, 'README.md'), 'utf8'));
    const folders = fs.readdirSync(EXAMPLES, { withFileTypes: true }).filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name);
    for (const folder of folders) assert.ok([...claimed.keys()].some((claim) => claim.split('/')[0] === folder), `examples/${folder}/ is not in the README's table`);
    for (const [folder, byRule] of claimed) {
      assert.deepStrictEqual(Object.fromEntries(actual.get(folder) ?? []), Object.fromEntries(byRule), `examples/${folder}/: the README's "Reported today" differs from what gomem reports`);
    }
    const total = [...actual.values()].flatMap((byRule) => [...byRule.values()]).reduce((a, b) => a + b, 0);
    assert.match(fs.readFileSync(path.join(EXAMPLES, 'README.md'), 'utf8'), new RegExp(`\\b${total} findings in all\\b`));
  });

  it('turns on, in its VS Code settings, exactly the rules that are off by default, and a plain lint leaves their findings out', async () => {
    const settings = JSON.parse(fs.readFileSync(path.join(EXAMPLES, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    const offByDefault = ALL_RULES.filter((rule) => rule.meta.offByDefault).map((rule) => rule.meta.id);
    assert.ok(offByDefault.length > 0);
    assert.deepStrictEqual(Object.keys(settings).sort(), offByDefault.map((id) => `gomem.rules.${id}.enabled`).sort());
    assert.ok(Object.values(settings).every((value) => value === true));
    const readme = fs.readFileSync(path.join(EXAMPLES, 'README.md'), 'utf8');
    for (const id of offByDefault) assert.ok(readme.includes(`\`${id}\``), `the README names ${id} among the rules off by default`);
    const lint = async (...flags: string[]) => {
      let stdout = '';
      await runCli(['lint', ...flags, '--format', 'json', EXAMPLES], { stdout: (s) => (stdout += s), stderr: () => undefined });
      return (JSON.parse(stdout).diagnostics as { rule: string }[]).map((diagnostic) => diagnostic.rule);
    };
    const all = await lint('--all-rules');
    const plain = await lint();
    assert.deepStrictEqual(plain, all.filter((rule) => !offByDefault.includes(rule)));
    assert.match(readme, new RegExp(`plain \`npx gomem lint examples\` reports the other ${plain.length} findings`));
  });
});
