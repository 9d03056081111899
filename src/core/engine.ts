import type { Node as SyntaxNode, Query } from 'web-tree-sitter';
import type { GoModule } from './gomod';
import type { GoLanguage } from './parser';
import type { Finding, FindingInput, Rule, RuleContext, RuleMatch, Severity, SourceFile } from './rule';
import { SUPPRESSION_QUERY, Suppressions } from './suppression';
import { comparePositions } from './text';

/** Per-run choices: which rules run and at what severity. */
export interface LintSettings {
  /** Rule ids that are switched off. */
  disabled?: ReadonlySet<string>;
  /** Severities that replace a rule's default. */
  severity?: ReadonlyMap<string, Severity>;
  /** Only these rules (the CLI's --rule); empty or absent means all that are enabled. */
  only?: ReadonlySet<string>;
}

export interface LintRequest {
  file: SourceFile;
  module: GoModule;
  settings?: LintSettings;
  packageFiles?: () => readonly SourceFile[];
}

export interface LintResult {
  findings: Finding[];
  /** Findings silenced by suppression comments (kept for counts and tests). */
  suppressed: number;
  /** Rules that failed on this file; the other rules' findings still stand. */
  ruleErrors: RuleError[];
}

/**
 * Runs every rule over a file with one merged query: each rule contributes patterns, the
 * tree is walked once, and each rule's `check` gets its own matches.
 */
export class RuleEngine {
  private readonly query: Query;
  /** Pattern index → owning rule; undefined marks the suppression-comment pattern. */
  private readonly patternOwners: (Rule | undefined)[] = [];

  constructor(language: GoLanguage, readonly rules: readonly Rule[]) {
    const sources: string[] = [];
    const ruleIds = new Set<string>();
    for (const rule of rules) {
      if (ruleIds.has(rule.meta.id)) throw new Error(`duplicate rule id ${rule.meta.id}`);
      ruleIds.add(rule.meta.id);
      const ownQuery = compileForRule(language, rule);
      for (let i = 0; i < ownQuery.patternCount(); i++) this.patternOwners.push(rule);
      ownQuery.delete();
      sources.push(rule.query);
    }
    this.patternOwners.push(undefined);
    sources.push(SUPPRESSION_QUERY);
    this.query = language.query(sources.join('\n'));
  }

  lint(request: LintRequest): LintResult {
    const { file, settings = {} } = request;
    const active = this.rules.filter((rule) => isActive(rule, settings));
    const matchesByRule = new Map<Rule, RuleMatch[]>(active.map((rule) => [rule, []]));
    const comments: SyntaxNode[] = [];
    for (const match of this.query.matches(file.tree.rootNode)) {
      const owner = this.patternOwners[match.patternIndex];
      if (!owner) {
        comments.push(match.captures[0].node);
        continue;
      }
      const bucket = matchesByRule.get(owner);
      if (!bucket) continue;
      const captures: Record<string, SyntaxNode> = {};
      for (const capture of match.captures) captures[capture.name] ??= capture.node;
      bucket.push({ captures });
    }

    const suppressions = new Suppressions(comments);
    const findings: Finding[] = [];
    let suppressed = 0;
    const ruleErrors: RuleError[] = [];
    let siblings: readonly SourceFile[] | undefined;
    for (const [rule, matches] of matchesByRule) {
      if (matches.length === 0) continue;
      const severity = settings.severity?.get(rule.meta.id) ?? rule.meta.defaultSeverity;
      const context: RuleContext = {
        file,
        module: request.module,
        goVersion: request.module.goVersion,
        packageFiles: () => (siblings ??= request.packageFiles?.() ?? []),
        report(input: FindingInput) {
          const finding = completeFinding(rule.meta.id, severity, input);
          if (suppressions.isSuppressed(finding)) suppressed++;
          else findings.push(finding);
        },
      };
      try {
        rule.check(context, matches);
      } catch (error) {
        // A rule tripping over odd syntax must not cost the user the other rules' findings.
        ruleErrors.push(new RuleError(rule.meta.id, file.path, error));
      }
    }
    findings.sort((a, b) => comparePositions(a.range.start, b.range.start) || a.ruleId.localeCompare(b.ruleId));
    return { findings, suppressed, ruleErrors };
  }
}

export class RuleError extends Error {
  constructor(readonly ruleId: string, readonly file: string, readonly cause: unknown) {
    super(`rule ${ruleId} failed on ${file}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

function isActive(rule: Rule, settings: LintSettings): boolean {
  if (settings.only && settings.only.size > 0) return settings.only.has(rule.meta.id);
  return !settings.disabled?.has(rule.meta.id);
}

function completeFinding(ruleId: string, severity: Severity, input: FindingInput): Finding {
  return { ruleId, severity, range: input.range, message: input.message, related: input.related ?? [], fixes: input.fixes ?? [] };
}

function compileForRule(language: GoLanguage, rule: Rule): Query {
  try {
    return language.query(rule.query);
  } catch (error) {
    throw new Error(`rule ${rule.meta.id} has an invalid query: ${error instanceof Error ? error.message : String(error)}`);
  }
}
