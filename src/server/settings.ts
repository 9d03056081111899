import type { LintSettings } from '../core/engine';
import { BYTES_PER_MEGABYTE, DEFAULT_MAX_FILE_MEGABYTES, megabytesToBytes } from '../core/fileAccess';
import type { Rule, Severity } from '../core/rule';

/** The `gomem` configuration section as VS Code sends it (dotted keys become nested objects). */
export interface GomemConfiguration {
  rules?: Record<string, { enabled?: boolean; severity?: string } | undefined>;
  lint?: { maxFileMegabytes?: unknown; fileTimeBudgetSeconds?: unknown };
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
  const enabled = new Set<string>();
  const severity = new Map<string, Severity>();
  for (const rule of rules) {
    const ruleSettings = configuration?.rules?.[rule.meta.id];
    if (ruleSettings?.enabled === false) disabled.add(rule.meta.id);
    // Off-by-default rules run only when the setting says true.
    if (ruleSettings?.enabled === true) enabled.add(rule.meta.id);
    const chosen = ruleSettings?.severity ? SETTING_SEVERITY[ruleSettings.severity] : undefined;
    if (chosen) severity.set(rule.meta.id, chosen);
  }
  return { disabled, enabled, severity };
}

/** `gomem.lint.maxFileMegabytes` in bytes: Go files larger than this are not read; a bad value means the default. */
export function toMaxFileBytes(configuration: GomemConfiguration | null | undefined): number {
  return megabytesToBytes(configuration?.lint?.maxFileMegabytes) ?? DEFAULT_MAX_FILE_MEGABYTES * BYTES_PER_MEGABYTE;
}
