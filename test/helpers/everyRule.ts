import type { LintSettings } from '../../src/core/engine';
import { ALL_RULE_IDS } from '../../src/core/rules';

/** Settings that run every rule, the off-by-default ones too: robustness and fuzz tests want them all. */
export const EVERY_RULE: LintSettings = { only: new Set(ALL_RULE_IDS) };
