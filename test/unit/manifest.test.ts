import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { profileInEditorConfigurationSection, rulesConfigurationSection } from '../../scripts/manifest';
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

  it('has a walkthrough whose steps have their media and link only to contributed or built-in commands', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.strictEqual(walkthrough.id, 'gomem.gettingStarted');
    assert.deepStrictEqual(walkthrough.steps.map((step: { id: string }) => step.id), ['finding', 'fix', 'profile']);
    const contributed = new Set(manifest.contributes.commands.map((command: { command: string }) => command.command));
    for (const step of walkthrough.steps) {
      assert.ok(fs.existsSync(path.join(ROOT, step.media.markdown)), `${step.media.markdown} is missing`);
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)/g)) {
        assert.ok(contributed.has(command) || command.startsWith('workbench.'), `${step.id} links to ${command}, which gomem does not contribute`);
      }
    }
  });

  it('names the trace and startup-lint settings', () => {
    const properties = Object.assign({}, ...manifest.contributes.configuration.map((section: { properties: object }) => section.properties));
    assert.deepStrictEqual(properties['gomem.trace.server'].enum, ['off', 'messages', 'verbose']);
    assert.strictEqual(properties['gomem.lintOnStartup.maxFiles'].default, 2000);
  });

  it('has the profile-in-editor settings and commands, exactly as generated (run npm run manifest)', () => {
    const section = manifest.contributes.configuration.find((entry: { id?: string }) => entry.id === 'gomem.profileInEditor');
    assert.deepStrictEqual(section, JSON.parse(JSON.stringify(profileInEditorConfigurationSection())));
    assert.strictEqual(section.properties['gomem.profileInEditor.thresholdPercent'].default, 1);
    assert.strictEqual(section.properties['gomem.profileInEditor.hotFunctions'].default, 10);
    const commands = manifest.contributes.commands.map((command: { command: string }) => command.command);
    for (const command of ['gomem.showProfileInEditor', 'gomem.hideProfileInEditor']) assert.ok(commands.includes(command), command);
    const colors = manifest.contributes.colors.map((color: { id: string }) => color.id);
    for (const color of ['gomem.profileFigures.foreground', 'gomem.profileFigures.goroutines', 'gomem.profileFigures.heat1', 'gomem.profileFigures.heat2', 'gomem.profileFigures.heat3']) {
      assert.ok(colors.includes(color), color);
    }
  });

  it('has settings for every rule, exactly as generated from the rules (run npm run manifest)', () => {
    const section = manifest.contributes.configuration.find((entry: { id?: string }) => entry.id === 'gomem.rules');
    assert.deepStrictEqual(section, JSON.parse(JSON.stringify(rulesConfigurationSection())));
    for (const rule of ALL_RULES) {
      // The Settings UI opens links with commands allowed; a relative path would go nowhere.
      const docsLink = /\[Docs\]\(([^)]+)\)/.exec(section.properties[`gomem.rules.${rule.meta.id}.enabled`].markdownDescription)?.[1];
      assert.strictEqual(docsLink, `command:gomem.showRuleDocs?${encodeURIComponent(JSON.stringify([rule.meta.id]))}`);
      assert.ok(manifest.contributes.commands.some((command: { command: string }) => command.command === 'gomem.showRuleDocs'));
      assert.ok(section.properties[`gomem.rules.${rule.meta.id}.enabled`]);
      assert.ok(section.properties[`gomem.rules.${rule.meta.id}.severity`]);
    }
  });

  it('lists every rule in the README and its docs page with the severities of its metadata', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const spelled = { error: 'error', warning: 'warning', info: 'information', hint: 'hint' } as const;
    for (const rule of ALL_RULES) {
      const { meta } = rule;
      const severities = [meta.defaultSeverity, ...(meta.milderFindings ? [meta.milderFindings.severity] : [])].map((severity) => spelled[severity]);
      const row = readme.split('\n').find((line) => line.startsWith(`| [\`${meta.id}\`](${meta.docs})`));
      assert.ok(row, `README has a row for ${meta.id}`);
      const readmeDefault = meta.offByDefault ? `off (${severities.join(' / ')} when on)` : severities.join(' / ');
      assert.strictEqual(row.split('|')[2].trim(), readmeDefault, `README severity of ${meta.id}`);
      const page = fs.readFileSync(path.join(ROOT, meta.docs), 'utf8');
      // An off-by-default rule's page says why, in the metadata's words, and how to turn it on.
      assert.strictEqual(page.includes(`**Off by default:** ${meta.offByDefault}`), !!meta.offByDefault, `${meta.docs} and the metadata disagree on whether ${meta.id} is off by default`);
      if (meta.offByDefault) assert.ok(page.includes(`gomem.rules.${meta.id}.enabled`), `${meta.docs} says how to turn ${meta.id} on`);
      // A rule the engine keeps out of test code says so, with what counts as test code.
      if (rule.quietInTests) assert.ok(/test code \(`_test\.go`[^)]*`testing`[^)]*`e2e`/.test(page.replace(/\s+/g, ' ')), `${meta.docs} says ${meta.id} is quiet in test code, and what that is`);
      const line = /\*\*Default severity:\*\* ([^·]+)·/.exec(page)?.[1].trim();
      const expected = meta.milderFindings ? `${severities[0]} (${severities[1]} for ` : severities[0];
      assert.ok(line?.startsWith(expected), `${meta.docs} says "${line}", metadata says ${severities.join(' / ')}`);
    }
  });

  it("names each rule's equivalent check in staticcheck, go vet or gosec on its docs page, from the metadata", () => {
    const known = { staticcheck: /^SA\d{4}$/, 'go vet': /^[a-z]+$/, gosec: /^G\d{3}$/ };
    for (const { meta } of ALL_RULES) {
      const page = fs.readFileSync(path.join(ROOT, meta.docs), 'utf8');
      const line = /^\*\*Same check elsewhere:\*\* (.*)$/m.exec(page)?.[1];
      assert.ok(line, `${meta.docs} has a "Same check elsewhere" line`);
      const equivalents = meta.equivalents ?? [];
      if (equivalents.length === 0) assert.ok(line.startsWith('none'), `${meta.docs} says "${line}", metadata names no equivalent`);
      for (const equivalent of equivalents) {
        assert.match(equivalent.check, known[equivalent.tool]);
        assert.ok(line.includes(equivalent.tool) && line.includes(equivalent.check) && line.includes(`\`${equivalent.linter}\``), `${meta.docs} says "${line}", metadata says ${JSON.stringify(equivalent)}`);
      }
    }
  });

  it('has a bin that runs the CLI', () => {
    assert.strictEqual(manifest.bin.gomem, './bin/gomem.js');
  });
});
