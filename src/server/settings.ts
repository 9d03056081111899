import type { LintSettings } from '../core/engine';
import type { Rule, Severity } from '../core/rule';

/** The `gomem` configuration section as VS Code sends it (dotted keys become nested objects). */
export interface GomemConfiguration {
  rules?: Record<string, { enabled?: boolean; severity?: string } | undefined>;
}

const SETTING_SEVERITY: Record<string, Severity | undefined> = {
  error: 'error',
  warning: 'warning',
  information: 'info',
  hint: 'hint',
};

/** Turns the user's configuration into engine settings; unknown values fall back to defaults. */
export function toLintSettings(configuration: GomemConfiguration | null | undefined, rules: readonly Rule[]): LintSettings {
  const disabled = new Set<string>();
  const severity = new Map<string, Severity>();
  for (const rule of rules) {
    const ruleSettings = configuration?.rules?.[rule.meta.id];
    if (ruleSettings?.enabled === false) disabled.add(rule.meta.id);
    const chosen = ruleSettings?.severity ? SETTING_SEVERITY[ruleSettings.severity] : undefined;
    if (chosen) severity.set(rule.meta.id, chosen);
  }
  return { disabled, severity };
}
