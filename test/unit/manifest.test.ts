import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { rulesConfigurationSection } from '../../scripts/manifest';
import { ALL_RULES } from '../../src/core/rules';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('extension manifest', () => {
  it('is the gomem extension, active on Go files and go.mod workspaces', () => {
    assert.strictEqual(manifest.name, 'gomem');
    assert.strictEqual(manifest.displayName, 'Go Memory Diagnostics');
    assert.ok(manifest.activationEvents.includes('onLanguage:go'));
    assert.ok(manifest.activationEvents.includes('workspaceContains:**/go.mod'));
  });

  it('accepts VS Code 1.139', () => {
    const range: string = manifest.engines.vscode;
    const match = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
    assert.ok(match, `expected a caret range, got ${range}`);
    assert.strictEqual(match[1], '1');
    assert.ok(Number(match[2]) <= 139);
  });

  it('puts every command under the gomem category', () => {
    assert.ok(manifest.contributes.commands.length > 0);
    for (const command of manifest.contributes.commands) {
      assert.strictEqual(command.category, 'gomem', command.command);
      assert.match(command.command, /^gomem\./);
    }
  });

  it('has settings for every rule, exactly as generated from the rules (run npm run manifest)', () => {
    const section = manifest.contributes.configuration.find((entry: { id?: string }) => entry.id === 'gomem.rules');
    assert.deepStrictEqual(section, JSON.parse(JSON.stringify(rulesConfigurationSection())));
    for (const rule of ALL_RULES) {
      assert.ok(section.properties[`gomem.rules.${rule.meta.id}.enabled`]);
      assert.ok(section.properties[`gomem.rules.${rule.meta.id}.severity`]);
    }
  });

  it('lists every rule in the README and its docs page with the severities of its metadata', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const spelled = { error: 'error', warning: 'warning', info: 'information', hint: 'hint' } as const;
    for (const { meta } of ALL_RULES) {
      const severities = [meta.defaultSeverity, ...(meta.milderFindings ? [meta.milderFindings.severity] : [])].map((severity) => spelled[severity]);
      const row = readme.split('\n').find((line) => line.startsWith(`| [\`${meta.id}\`](${meta.docs})`));
      assert.ok(row, `README has a row for ${meta.id}`);
      assert.strictEqual(row.split('|')[2].trim(), severities.join(' / '), `README severity of ${meta.id}`);
      const page = fs.readFileSync(path.join(ROOT, meta.docs), 'utf8');
      const line = /\*\*Default severity:\*\* ([^·]+)·/.exec(page)?.[1].trim();
      const expected = meta.milderFindings ? `${severities[0]} (${severities[1]} for ` : severities[0];
      assert.ok(line?.startsWith(expected), `${meta.docs} says "${line}", metadata says ${severities.join(' / ')}`);
    }
  });

  it('has a bin that runs the CLI', () => {
    assert.strictEqual(manifest.bin.gomem, './bin/gomem.js');
  });
});
