// Writes the rule settings into package.json from the rules' metadata, so the settings UI,
// the docs and the CLI never disagree. A unit test fails when package.json is stale.
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../src/core/rules';
import { profileInEditorConfigurationSection } from '../src/core/pprof/editorSettings';

export { profileInEditorConfigurationSection };

const SEVERITY_SETTING = { error: 'error', warning: 'warning', info: 'information', hint: 'hint' } as const;

/** `command:gomem.showRuleDocs?["<rule-id>"]`, URI-encoded as markdown links need. */
export function ruleDocsCommandLink(ruleId: string): string {
  return `command:gomem.showRuleDocs?${encodeURIComponent(JSON.stringify([ruleId]))}`;
}

export function ruleSettings(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const { meta } of ALL_RULES) {
    properties[`gomem.rules.${meta.id}.enabled`] = {
      type: 'boolean',
      default: !meta.offByDefault,
      // A command link: the Settings UI opens links with commands allowed, and relative paths go nowhere.
      markdownDescription: `${meta.description}${meta.offByDefault ? ` Off by default: ${meta.offByDefault}` : ''} [Docs](${ruleDocsCommandLink(meta.id)})`,
      scope: 'resource',
    };
    properties[`gomem.rules.${meta.id}.severity`] = {
      type: 'string',
      enum: ['default', 'error', 'warning', 'information', 'hint'],
      default: 'default',
      markdownDescription: `Severity of \`${meta.id}\` findings; \`default\` is ${SEVERITY_SETTING[meta.defaultSeverity]}${meta.milderFindings ? ` (${SEVERITY_SETTING[meta.milderFindings.severity]} for ${meta.milderFindings.what})` : ''}.`,
      scope: 'resource',
    };
  }
  return properties;
}

export function rulesConfigurationSection() {
  return { id: 'gomem.rules', title: 'gomem: Rules', properties: ruleSettings() };
}

if (require.main === module) {
  const manifestPath = path.resolve(__dirname, '..', '..', 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const sections: { id?: string }[] = Array.isArray(manifest.contributes.configuration) ? manifest.contributes.configuration : [];
  const generated = [profileInEditorConfigurationSection(), rulesConfigurationSection()];
  const others = sections.filter((section) => !generated.some((g) => g.id === section.id));
  manifest.contributes.configuration = [...others, ...generated];
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  console.log(`package.json: settings for ${ALL_RULES.length} rules`);
}
