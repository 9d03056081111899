import { createHash } from 'crypto';
import type { Node as SyntaxNode, Query, QueryMatch } from 'web-tree-sitter';
import type { GoModule } from './gomod';
import type { GoLanguage } from './parser';
import type { Finding, FindingInput, Fix, PackageTextFile, Rule, RuleContext, RuleMatch, Severity, SourceFile, WithheldFix } from './rule';
import { Resolver } from './resolver';
import { formatGoVersion, GoVersion, goVersionAtLeast, parseGoVersion } from './goVersion';
import { suppressionComments, Suppressions } from './suppression';
import { comparePositions, Position, Range } from './text';
import type { TextHint } from './textHints';
import { checkDeadlineNow, currentDeadline, LintStoppedError } from './timeBudget';
import { treeIsBuilt } from './lazySource';
import { inTestFile, isTestFilePath } from './analysis/testFiles';

/** Per-run choices: which rules run and at what severity. */
export interface LintSettings {
  /** Rule ids that are switched off. */
  disabled?: ReadonlySet<string>;
  /** Severities that replace a rule's default. */
  severity?: ReadonlyMap<string, Severity>;
  /** Rules that are off by default (RuleMeta.offByDefault) and that the user turned on. */
  enabled?: ReadonlySet<string>;
  /** Only these rules (the CLI's --rule); empty or absent means all that are enabled. */
  only?: ReadonlySet<string>;
}

export interface LintRequest {
  file: SourceFile;
  module: GoModule;
  settings?: LintSettings;
  packageFiles?: () => readonly SourceFile[];
  /** Findings of the previous lint of the same document, reused for unchanged declarations. */
  cache?: DeclarationCache;
}

export interface LintResult {
  findings: Finding[];
  /** Findings silenced by suppression comments (kept for counts and tests). */
  suppressed: number;
  /** Rules that failed on this file; the other rules' findings still stand. */
  ruleErrors: RuleError[];
}

export class RuleError extends Error {
  constructor(readonly ruleId: string, readonly file: string, readonly cause: unknown) {
    super(`rule ${ruleId} failed on ${file}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** The findings of one top-level declaration, remembered by its exact text. */
interface CachedDeclaration {
  startLine: number;
  startCharacter: number;
  findings: Finding[];
}

/**
 * What an open document's last lint found, per top-level declaration. While the user types
 * inside one function, every other declaration's findings are reused, shifted to where the
 * declaration now starts. Any change outside function bodies starts afresh.
 */
export class DeclarationCache {
  key = '';
  packageLevelText = '';
  /** packageLevelText as typed, to skip normalizing it when nothing outside functions changed. */
  rawPackageLevelText = '';
  byText = new Map<string, CachedDeclaration>();
  /** The facts of every rule with outsideFacts (those of factsRules, in order) per declaration text, from the last lint. */
  factsByText = new Map<string, string>();
  factsRules = '';
}

/** A file not parsed yet and its package siblings, as package hints read them (texts only). */
export interface PackageTexts {
  file: PackageTextFile;
  siblings(): readonly PackageTextFile[];
}

/**
 * Runs rules over a file with one merged query: each rule contributes patterns, the tree is
 * walked once, and each rule's `check` gets its own matches. Rules whose `textHint` the file
 * lacks are left out of the walk.
 */
export class RuleEngine {
  private readonly queries = new Map<string, MergedQuery>();
  private readonly patternCounts = new Map<Rule, number>();
  /** Rules whose every pattern starts at the file's root (`(source_file ...)`). */
  private readonly rootOnly = new Set<Rule>();

  constructor(private readonly language: GoLanguage, readonly rules: readonly Rule[]) {
    const ids = new Set<string>();
    for (const rule of rules) {
      if (ids.has(rule.meta.id)) throw new Error(`duplicate rule id ${rule.meta.id}`);
      ids.add(rule.meta.id);
      const own = compileForRule(language, rule);
      this.patternCounts.set(rule, own.patternCount());
      if (patternSources(rule.query, own).every((pattern) => /^\(\s*source_file\b/.test(pattern))) this.rootOnly.add(rule);
      own.delete();
    }
  }

  /**
   * Whether any active rule could report on a file with this text: false when every one has a
   * text hint the text lacks, and the file need not even be parsed.
   */
  couldReport(text: string, settings: LintSettings = {}, inPackage?: PackageTexts): boolean {
    let siblings: readonly PackageTextFile[] | undefined;
    const siblingsOnce = () => (siblings ??= inPackage!.siblings());
    return this.rules.some(
      (rule) =>
        isActive(rule, settings) &&
        !(rule.quietInTests && inPackage && isTestFilePath(inPackage.file.path)) &&
        this.hintHolds(rule.fileHint, text) &&
        this.hintHolds(rule.textHint, text) &&
        (!rule.packageHint || !inPackage || rule.packageHint(inPackage.file, siblingsOnce)),
    );
  }

  /** The last text's hint results: the CLI asks couldReport, then lints the same text. */
  private hintResults: { text: string; found: Map<TextHint, boolean> } | undefined;

  /**
   * Whether a hint matches the whole text (several rules share a hint: each is tested once). With `onlyIfKnown`, a hint not yet tested on this text counts as matching: a
   * declaration rule's hint on a whole large file costs more than testing the few declarations
   * an edit touches.
   */
  private hintHolds(hint: TextHint | undefined, text: string, onlyIfKnown = false): boolean {
    if (!hint) return true;
    if (this.hintResults?.text !== text) {
      if (onlyIfKnown) return true;
      this.hintResults = { text, found: new Map() };
    }
    const found = this.hintResults.found;
    let holds = found.get(hint);
    if (holds === undefined) {
      if (onlyIfKnown) return true;
      found.set(hint, (holds = hint.test(text)));
    }
    return holds;
  }

  lint(request: LintRequest): LintResult {
    const { file, settings = {} } = request;
    // A rule whose hint the file lacks has nothing to say. Declaration-scope rules test theirs
    // on each declaration (executeByDeclaration), unless couldReport already failed it on the file.
    const candidates = this.rules.filter(
      (rule) =>
        isActive(rule, settings) &&
        this.hintHolds(rule.fileHint, file.text) &&
        (rule.scope !== 'file' || this.hintHolds(rule.textHint, file.text)) &&
        !(rule.quietInTests && inTestFile(file, request.module)),
    );
    const suppressions = new Suppressions(suppressionComments(file.text, file.tree), this.rules);
    const run = new RuleRun(request);
    const cache = request.cache;
    const declarationRules = candidates.filter((rule) => rule.scope !== 'file' && this.hintHolds(rule.textHint, file.text, true));
    const fileRules = candidates.filter((rule) => rule.scope === 'file');

    const { units, functions } = topLevel(file.tree.rootNode);
    // Without a cache (the CLI, workspace lints) every declaration is linted and nothing is remembered.
    // Each text is read once (a new string is hashed anew by every map lookup), and sliced from
    // the file's text: a node's own text getter costs ten times as much.
    const unitTexts = new Map<SyntaxNode, string>(cache ? units.map((unit) => [unit, file.text.slice(unit.startIndex, unit.endIndex)]) : []);
    const textOf = (unit: SyntaxNode) => unitTexts.get(unit)!;
    const rawPackageLevelText = cache ? units.filter((_, i) => !functions[i]).map(textOf).join('\n') : '';
    const packageLevelText = !cache ? '' : rawPackageLevelText === cache.rawPackageLevelText ? cache.packageLevelText : units.filter((_, i) => !functions[i]).map((unit) => significantText(textOf(unit))).join('\n');
    const cacheKey = cache ? settingsKey(candidates, settings, request.module) + outsideFactsKey(candidates.filter((rule) => rule.scope !== 'file'), units, textOf, cache, () => run.packageFiles()) : '';
    const reusable = !!cache && cache.key === cacheKey && cache.packageLevelText === packageLevelText;
    const previous = reusable ? cache!.byText : new Map<string, CachedDeclaration>();
    const next = new Map<string, CachedDeclaration>();

    const stale: SyntaxNode[] = cache ? [] : units;
    const reused: Finding[] = [];
    for (const unit of cache ? units : []) {
      const hit = previous.get(textOf(unit));
      if (hit && hit.startCharacter === unit.startPosition.column) {
        const moved = shiftFindings(hit.findings, unit.startPosition.row - hit.startLine);
        reused.push(...moved);
        next.set(textOf(unit), { startLine: unit.startPosition.row, startCharacter: unit.startPosition.column, findings: moved });
      } else {
        stale.push(unit);
      }
    }

    const fresh = run.executeByDeclaration(declarationRules, stale, (rules) => this.mergedQuery(rules), (rule) => rule.textHint);
    // Declaration-scope rules report inside the declaration they matched in; if one did not,
    // nothing from this run is remembered, so the next lint recomputes it.
    const attributable = !!cache && fresh.every((finding) => stale.some((unit) => startsIn(finding, unit)));
    for (const unit of attributable ? stale : []) {
      const inside = fresh.filter((finding) => withinUnit(finding, unit, file.path));
      // A finding that reaches outside its declaration is recomputed every time instead.
      if (inside.length === fresh.filter((finding) => startsIn(finding, unit)).length) {
        next.set(textOf(unit), { startLine: unit.startPosition.row, startCharacter: unit.startPosition.column, findings: inside });
      }
    }
    // Root-only patterns need no walk below the root, so they are not merged with the others.
    const rootOnlyRules = fileRules.filter((rule) => this.rootOnly.has(rule));
    const walkingRules = fileRules.filter((rule) => !this.rootOnly.has(rule));
    const fileWide = [
      ...run.executeByDeclaration(walkingRules, units, (rules) => this.mergedQuery(rules), (rule) => rule.matchHint),
      ...run.execute(this.mergedQuery(rootOnlyRules), rootOnlyRules, [file.tree.rootNode]),
    ];

    if (cache) {
      cache.key = cacheKey;
      cache.packageLevelText = packageLevelText;
      cache.rawPackageLevelText = rawPackageLevelText;
      cache.byText = next;
    }
    const all = [...reused, ...fresh, ...fileWide];
    const findings = all.filter((finding) => !suppressions.isSuppressed(finding));
    findings.sort((a, b) => comparePositions(a.range.start, b.range.start) || a.ruleId.localeCompare(b.ruleId));
    return { findings, suppressed: all.length - findings.length, ruleErrors: run.errors };
  }

  /** One query holding the patterns of exactly these rules, compiled once per combination. */
  private mergedQuery(rules: readonly Rule[]): MergedQuery | undefined {
    if (rules.length === 0) return undefined;
    const key = rules.map((rule) => rule.meta.id).join(',');
    let merged = this.queries.get(key);
    if (!merged) {
      const owners: Rule[] = [];
      for (const rule of rules) for (let i = 0; i < this.patternCounts.get(rule)!; i++) owners.push(rule);
      merged = { query: this.language.query(rules.map((rule) => rule.query).join('\n')), owners, rootOnly: rules.every((rule) => this.rootOnly.has(rule)) };
      this.queries.set(key, merged);
    }
    return merged;
  }
}

/** Per-tree derived data (see RuleContext.cached); dropped with the tree. */
const perTreeCache = new WeakMap<object, Map<string, unknown>>();

function cachedForFile<T>(file: SourceFile, key: string, compute: () => T): T {
  // A sibling not parsed yet keeps its text for life: key it by itself, so a text-only fact does not parse it.
  const owner: object = treeIsBuilt(file) ? file.tree : file;
  let entries = perTreeCache.get(owner);
  if (!entries) perTreeCache.set(owner, (entries = new Map()));
  if (!entries.has(key)) entries.set(key, compute());
  return entries.get(key) as T;
}

/** One lint of one file: runs rule checks and collects what they report, unsuppressed. */
class RuleRun {
  readonly errors: RuleError[] = [];
  private siblings: readonly SourceFile[] | undefined;
  /** One package index and resolver for every rule of this lint. */
  private packageResolver: Resolver | undefined;

  constructor(private readonly request: LintRequest) {}

  /** The file's package siblings, listed once per lint. */
  packageFiles(): readonly SourceFile[] {
    return (this.siblings ??= this.request.packageFiles?.() ?? []);
  }

  execute(merged: MergedQuery | undefined, rules: readonly Rule[], units: readonly SyntaxNode[]): Finding[] {
    if (!merged || units.length === 0) return [];
    const matchesByRule = new Map<Rule, RuleMatch[]>(rules.map((rule) => [rule, []]));
    const root = this.request.file.tree.rootNode;
    for (const span of contiguousSpans(root, units)) {
      for (const { rule, captures } of this.spanMatches(merged, span)) matchesByRule.get(rule)?.push({ captures });
    }
    return this.check(matchesByRule);
  }

  /**
   * Rules with a per-declaration hint (a declaration rule's text hint, a file rule's match hint)
   * only look at the declarations that contain it: units are grouped by the rules they need, each
   * group is queried with just those rules, and every rule still gets its matches in document
   * order, in one `check` call.
   */
  executeByDeclaration(
    rules: readonly Rule[],
    units: readonly SyntaxNode[],
    mergedQuery: (rules: readonly Rule[]) => MergedQuery | undefined,
    hintOf: (rule: Rule) => TextHint | undefined,
  ): Finding[] {
    if (rules.length === 0 || units.length === 0) return [];
    const groups = new Map<string, { rules: Rule[]; units: SyntaxNode[] }>();
    for (const unit of units) {
      let needed: Rule[] = rules as Rule[];
      if (rules.some((rule) => hintOf(rule))) {
        // Sliced from the file's text, as lint() does: the node's own text getter costs ten times as much.
        const text = this.request.file.text.slice(unit.startIndex, unit.endIndex);
        needed = rules.filter((rule) => !hintOf(rule) || hintOf(rule)!.test(text));
      }
      if (needed.length === 0) continue;
      const key = needed.map((rule) => rule.meta.id).join(',');
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { rules: needed, units: [] }));
      group.units.push(unit);
    }
    const root = this.request.file.tree.rootNode;
    const collected: { start: number; order: number; rule: Rule; captures: Record<string, SyntaxNode> }[] = [];
    for (const group of groups.values()) {
      const merged = mergedQuery(group.rules)!;
      const whole = groups.size === 1 && group.units.length === units.length;
      for (const span of whole ? contiguousSpans(root, group.units) : nearbySpans(group.units)) {
        for (const { rule, captures, first } of this.spanMatches(merged, span)) {
          collected.push({ start: first.startIndex, order: collected.length, rule, captures });
        }
      }
    }
    // One group is one query, already in document order; matches of several groups are merged
    // back by the declaration they start in (a query lists a declaration's matches together).
    if (groups.size > 1) {
      const keyed = collected.map((entry) => ({ entry, unit: lastUnitStartingBy(units, entry.start) }));
      keyed.sort((a, b) => a.unit - b.unit || a.entry.order - b.entry.order);
      collected.splice(0, collected.length, ...keyed.map(({ entry }) => entry));
    }
    const matchesByRule = new Map<Rule, RuleMatch[]>(rules.map((rule) => [rule, []]));
    for (const { rule, captures } of collected) matchesByRule.get(rule)!.push({ captures });
    return this.check(matchesByRule);
  }

  /** The matches of one span whose first capture starts inside it, with their rule. */
  private spanMatches(merged: MergedQuery, span: QuerySpan): { rule: Rule; captures: Record<string, SyntaxNode>; first: SyntaxNode }[] {
    const root = this.request.file.tree.rootNode;
    // Query ranges count bytes of the UTF-16 text web-tree-sitter parsed: two per code unit.
    // maxStartDepth 0 keeps tree-sitter from walking the whole tree for patterns that start at the root.
    const deadline = currentDeadline();
    // A query stopped by its progress callback returns what it found so far: checked right after.
    const depth = { ...(merged.rootOnly ? { maxStartDepth: 0 } : {}), ...(deadline ? { progressCallback: () => deadline.expired } : {}) };
    const matches: QueryMatch[] = span.whole ? merged.query.matches(root, depth) : merged.query.matches(root, { startIndex: span.start * 2, endIndex: span.end * 2, ...depth });
    checkDeadlineNow();
    const result: { rule: Rule; captures: Record<string, SyntaxNode>; first: SyntaxNode }[] = [];
    for (const match of matches) {
      const first = match.captures[0]?.node;
      if (!first || (!span.whole && (first.startIndex < span.start || first.startIndex >= span.end))) continue;
      if (span.units && !insideUnit(span.units, first.startIndex)) continue;
      const captures: Record<string, SyntaxNode> = {};
      for (const capture of match.captures) captures[capture.name] ??= capture.node;
      result.push({ rule: merged.owners[match.patternIndex], captures, first });
    }
    return result;
  }

  private check(matchesByRule: Map<Rule, RuleMatch[]>): Finding[] {
    const findings: Finding[] = [];
    const { file, settings = {}, module } = this.request;
    for (const [rule, matches] of matchesByRule) {
      if (matches.length === 0) continue;
      const configured = settings.severity?.get(rule.meta.id);
      const context: RuleContext = {
        file,
        module,
        goVersion: module.goVersion,
        packageFiles: () => this.packageFiles(),
        cached: cachedForFile,
        resolver: () => (this.packageResolver ??= new Resolver(file, () => this.packageFiles())),
        report: (input: FindingInput) => findings.push(completeFinding(rule.meta.id, configured ?? input.severity ?? rule.meta.defaultSeverity, input, module.goVersion)),
      };
      checkDeadlineNow();
      try {
        rule.check(context, matches);
      } catch (error) {
        // Past the file's time budget, the whole lint stops.
        if (error instanceof LintStoppedError) throw error;
        // A rule tripping over odd syntax must not cost the user the other rules' findings.
        this.errors.push(new RuleError(rule.meta.id, file.path, error));
      }
    }
    return findings;
  }
}

interface MergedQuery {
  query: Query;
  /** The rule of each pattern, by pattern index. */
  owners: Rule[];
  rootOnly: boolean;
}

/** The source text of each pattern of a rule's compiled query. */
function patternSources(source: string, query: Query): string[] {
  const bytes = Buffer.from(source, 'utf8');
  return Array.from({ length: query.patternCount() }, (_, i) => bytes.subarray(query.startIndexForPattern(i), query.endIndexForPattern(i)).toString('utf8').trim());
}

/** Index of the last of these units (in document order) that starts at or before the offset; 0 if none does. */
function lastUnitStartingBy(units: readonly SyntaxNode[], offset: number): number {
  let low = 0;
  let high = units.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (units[middle].startIndex <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

function insideUnit(units: readonly SyntaxNode[], offset: number): boolean {
  const unit = units[lastUnitStartingBy(units, offset)];
  return unit.startIndex <= offset && offset < unit.endIndex;
}

interface QuerySpan {
  start: number;
  end: number;
  whole: boolean;
  /** When set, only matches starting inside these units count (the span also covers others). */
  units?: SyntaxNode[];
}

/** Units closer than this (in characters) share one ranged query; the others in between are skipped. */
const SPAN_GAP_TO_BRIDGE = 4096;

/**
 * Spans over units in document order, bridging short gaps: each ranged query steps over every
 * top-level node before its range, so many tiny spans would cost more than walking small gaps.
 */
function nearbySpans(units: readonly SyntaxNode[]): QuerySpan[] {
  const spans: QuerySpan[] = [];
  let current: QuerySpan | undefined;
  for (const unit of units) {
    if (current && unit.startIndex - current.end <= SPAN_GAP_TO_BRIDGE) {
      current.end = unit.endIndex;
      current.units!.push(unit);
    } else {
      spans.push((current = { start: unit.startIndex, end: unit.endIndex, whole: false, units: [unit] }));
    }
  }
  return spans;
}

/**
 * Runs of adjacent units as offset spans, so a whole-file lint is one query and an edit in one
 * function is one small ranged query.
 */
function contiguousSpans(root: SyntaxNode, units: readonly SyntaxNode[]): QuerySpan[] {
  if (units.length === 1 && units[0].id === root.id) return [{ start: root.startIndex, end: root.endIndex, whole: true }];
  const all = topLevel(root).units;
  const wanted = new Set(units.map((unit) => unit.id));
  if (wanted.size === all.length) return [{ start: root.startIndex, end: root.endIndex, whole: true }];
  const spans: QuerySpan[] = [];
  let current: QuerySpan | undefined;
  for (const unit of all) {
    if (!wanted.has(unit.id)) {
      current = undefined;
      continue;
    }
    if (current) current.end = unit.endIndex;
    else spans.push((current = { start: unit.startIndex, end: unit.endIndex, whole: false }));
  }
  return spans;
}

/**
 * A package-level declaration's text as far as meaning goes: whitespace at the end of a line
 * changes no token (unless a raw string spans the line), so typing it does not re-lint the file.
 */
function significantText(text: string): string {
  return text.includes('`') ? text : text.replace(/[ \t]+$/gm, '');
}

const topLevelCache = new WeakMap<object, { units: SyntaxNode[]; functions: boolean[] }>();

/** A tree's top-level declarations (comments left out) and which are functions, once per tree. */
function topLevel(root: SyntaxNode): { units: SyntaxNode[]; functions: boolean[] } {
  let known = topLevelCache.get(root.tree);
  if (known) return known;
  known = { units: [], functions: [] };
  for (const node of root.namedChildren) {
    if (!node) continue;
    const type = node.type;
    if (type === 'comment') continue;
    known.units.push(node);
    known.functions.push(type === 'function_declaration' || type === 'method_declaration');
  }
  topLevelCache.set(root.tree, known);
  return known;
}

function startsIn(finding: Finding, unit: SyntaxNode): boolean {
  return positionIn(finding.range.start, unit);
}

function positionIn(position: Position, unit: SyntaxNode): boolean {
  const start = { line: unit.startPosition.row, character: unit.startPosition.column };
  const end = { line: unit.endPosition.row, character: unit.endPosition.column };
  return comparePositions(position, start) >= 0 && comparePositions(position, end) <= 0;
}

/** Whether every position a finding holds in this file lies inside the declaration. */
function withinUnit(finding: Finding, unit: SyntaxNode, filePath: string): boolean {
  const rangeIn = (range: Range) => positionIn(range.start, unit) && positionIn(range.end, unit);
  if (!rangeIn(finding.range)) return false;
  if (finding.related.some((related) => (!related.file || related.file === filePath) && !rangeIn(related.range))) return false;
  return finding.fixes.every((fix) => fix.edits.every((edit) => (edit.file && edit.file !== filePath) || rangeIn(edit.range)));
}

function shiftFindings(findings: readonly Finding[], lines: number): Finding[] {
  if (lines === 0) return [...findings];
  const shift = (range: Range): Range => ({
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  });
  return findings.map((finding) => ({
    ...finding,
    range: shift(finding.range),
    related: finding.related.map((related) => (related.file ? related : { ...related, range: shift(related.range) })),
    fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => (edit.file ? edit : { ...edit, range: shift(edit.range) })) })),
  }));
}

/**
 * The facts outside their declarations that rules' findings depend on (Rule.outsideFacts), as
 * one key: each declaration's share is computed once per text, each sibling's once per file.
 */
function outsideFactsKey(
  rules: readonly Rule[],
  units: readonly SyntaxNode[],
  textOf: (unit: SyntaxNode) => string,
  cache: DeclarationCache,
  packageFiles: () => readonly SourceFile[],
): string {
  const withFacts = rules.filter((rule) => rule.outsideFacts);
  if (withFacts.length === 0) return '';
  // One map for every rule's facts: a lookup per declaration per keystroke, not one per rule.
  const signature = withFacts.map((rule) => rule.meta.id).join(',');
  const previous = cache.factsRules === signature ? cache.factsByText : undefined;
  const next = new Map<string, string>();
  const parts = [signature];
  for (const unit of units) {
    const text = textOf(unit);
    let facts = previous?.get(text);
    if (facts === undefined) {
      const each = withFacts.map((rule) => rule.outsideFacts!.ofDeclaration(unit));
      facts = each.some((fact) => fact) ? each.join('\u0000') : '';
    }
    next.set(text, facts);
    if (facts) parts.push(facts);
  }
  for (const sibling of packageFiles()) {
    for (const rule of withFacts) {
      const fact = siblingFacts(rule, sibling);
      if (fact) parts.push(`${sibling.path} ${rule.meta.id}:${fact}`);
    }
  }
  cache.factsRules = signature;
  cache.factsByText = next;
  return `|${parts.join('\n')}`;
}

const siblingFactsCache = new WeakMap<object, Map<Rule, string>>();
const siblingDigests = new WeakMap<object, string>();

/** A sibling's facts for a rule, once per sibling file (a changed sibling is a new file). */
function siblingFacts(rule: Rule, sibling: SourceFile): string {
  const ofSibling = rule.outsideFacts!.ofSibling;
  if (!ofSibling) return siblingDigest(sibling);
  let byRule = siblingFactsCache.get(sibling);
  if (!byRule) siblingFactsCache.set(sibling, (byRule = new Map()));
  let facts = byRule.get(rule);
  if (facts === undefined) byRule.set(rule, (facts = ofSibling(sibling)));
  return facts;
}

/** A digest of a sibling's text, shared by every rule whose facts are any change of it. */
function siblingDigest(sibling: SourceFile): string {
  let digest = siblingDigests.get(sibling);
  if (digest === undefined) siblingDigests.set(sibling, (digest = createHash('sha1').update(sibling.text).digest('base64')));
  return digest;
}

function settingsKey(rules: readonly Rule[], settings: LintSettings, module: GoModule): string {
  const severities = rules.map((rule) => `${rule.meta.id}=${settings.severity?.get(rule.meta.id) ?? ''}`);
  return `${severities.join(',')}|go${module.goVersion.join('.')}|${module.modulePath ?? ''}`;
}

/** Whether settings turn a rule on: listed in `only`, or else not disabled and on by default or enabled. */
export function isActive(rule: Rule, settings: LintSettings): boolean {
  if (settings.only && settings.only.size > 0) return settings.only.has(rule.meta.id);
  if (settings.disabled?.has(rule.meta.id)) return false;
  return !rule.meta.offByDefault || !!settings.enabled?.has(rule.meta.id);
}

/**
 * A rule's report as users see it: fixes the module's Go is too old for are withheld (and the
 * message says which `go` line they need), and the remedy goes first when no fix is offered.
 */
export function completeFinding(ruleId: string, severity: Severity, input: FindingInput, goVersion: GoVersion): Finding {
  const fixes: Fix[] = [];
  const withheldFixes: WithheldFix[] = [];
  for (const fix of input.fixes ?? []) {
    if (!fix.minGoVersion || goVersionAtLeast(goVersion, fix.minGoVersion)) fixes.push(fix);
    else withheldFixes.push({ title: fix.title, minGoVersion: fix.minGoVersion, reason: `needs go ${fix.minGoVersion} in go.mod` });
  }
  let message = input.message;
  if (input.remedy) {
    message = fixes.length > 0 ? `${message.replace(/\.$/, '')}; ${input.remedy}.` : `${upperFirst(input.remedy)}. ${message}`;
  }
  if (fixes.length === 0 && withheldFixes.length > 0) {
    const oldest = withheldFixes.map((fix) => fix.minGoVersion).reduce((a, b) => (goVersionAtLeast(parseGoVersion(b) ?? goVersion, a) ? a : b));
    message += ` (The quick fix needs go ${oldest} in go.mod, which says go ${formatGoVersion(goVersion)}.)`;
  }
  return { ruleId, severity, range: input.range, message, related: input.related ?? [], fixes, withheldFixes };
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function compileForRule(language: GoLanguage, rule: Rule): Query {
  try {
    return language.query(rule.query);
  } catch (error) {
    throw new Error(`rule ${rule.meta.id} has an invalid query: ${error instanceof Error ? error.message : String(error)}`);
  }
}
