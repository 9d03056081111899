import type { Node as SyntaxNode, Tree } from 'web-tree-sitter';
import type { GoVersion } from './goVersion';
import type { Resolver } from './resolver';
import type { GoModule } from './gomod';
import type { LineIndex, Range, TextEdit } from './text';
import type { TextHint } from './textHints';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

export type RuleFamily = 'map' | 'pool' | 'unsafe' | 'goroutine' | 'timer' | 'request' | 'retain' | 'cleanup' | 'defer';

/**
 * A check of another tool that reports the same problem at the same place. Suppression comments
 * written for it (staticcheck's `//lint:ignore`, golangci-lint's `//nolint:<linter>`) silence
 * the rule too, so code already reviewed under that tool needs no second comment.
 */
export interface EquivalentCheck {
  tool: 'staticcheck' | 'go vet' | 'gosec';
  /** The check as the tool names it: `SA6002`, `unsafeptr`. */
  check: string;
  /** The golangci-lint linter that runs it, as `//nolint:` names it: `staticcheck`, `govet`. */
  linter: string;
}

/** What a rule says about itself; docs, settings and CLI listings are generated from it. */
export interface RuleMeta {
  /** Stable id used by the CLI, settings, suppressions and docs. */
  id: string;
  family: RuleFamily;
  defaultSeverity: Severity;
  /**
   * A milder shape of the problem the rule also reports, at this severity by default (a
   * severity the user configures for the rule applies to every finding).
   */
  milderFindings?: { severity: Severity; what: string };
  /** One line, shown in settings and `gomem rules`. */
  description: string;
  /** Documentation page, relative to the package root. */
  docs: string;
  /** Whether the rule offers a fix for at least some findings. */
  fixable: boolean;
  /** The oldest Go (`go` line of go.mod) whose standard library has the API the fix uses. */
  fixMinGoVersion?: string;
  /**
   * Set for a rule that is off unless the user turns it on (a setting, `--rule`, `--all-rules`):
   * why, with the measured precision that keeps it from the default set. Settings, docs and
   * `gomem rules` say it.
   */
  offByDefault?: string;
  /** The same check in staticcheck, go vet or gosec, where one exists (see EquivalentCheck). */
  equivalents?: readonly EquivalentCheck[];
}

/** A Go file ready to lint. */
export interface SourceFile {
  /** Absolute path (or a stand-in for unsaved documents). */
  path: string;
  text: string;
  tree: Tree;
  lines: LineIndex;
}

export interface RelatedLocation {
  file?: string;
  range: Range;
  message: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe to apply without review: offered first, and applied by "fix all". */
  preferred: boolean;
  /**
   * The oldest Go (`go` line of go.mod) whose standard library has what the fix uses. On an
   * older module the engine withholds the fix (see WithheldFix) instead of offering it.
   */
  minGoVersion?: string;
}

/** A fix the module's Go is too old for: shown disabled, with its reason, never applied. */
export interface WithheldFix {
  title: string;
  minGoVersion: string;
  /** "needs go 1.20 in go.mod" */
  reason: string;
}

/** What a rule reports; the engine adds the rule id and the configured severity. */
export interface FindingInput {
  range: Range;
  message: string;
  /** For a finding of the rule's `milderFindings` shape: its severity, unless the user set one. */
  severity?: Severity;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /**
   * What to do about it, as a clause ("key the map by sessionKey values"), usable with the
   * module's Go. The engine puts it after the message when a fix is offered and, so that the
   * Problems panel shows it, first when none is.
   */
  remedy?: string;
}

export interface Finding extends Required<Omit<FindingInput, 'remedy'>> {
  ruleId: string;
  severity: Severity;
  /** Fixes that need a newer Go than the module's `go` line. */
  withheldFixes: WithheldFix[];
}

export interface RuleMatch {
  /** The pattern's captures by name; a name captured more than once keeps the first node. */
  captures: Record<string, SyntaxNode>;
}

export interface RuleContext {
  readonly file: SourceFile;
  readonly module: GoModule;
  readonly goVersion: GoVersion;
  /** The other Go files of the same package (same folder and package name), parsed on demand. */
  packageFiles(): readonly SourceFile[];
  /**
   * The package index and type resolver (src/core/resolver): built on first use, shared by
   * every rule of this lint. Rules ask it about names, types and fields; they do not walk
   * declarations themselves.
   */
  resolver(): Resolver;
  /**
   * Remembers what `compute` derives from one file for as long as that file's tree is unchanged:
   * indexes of sibling files survive across keystrokes, the edited file's are rebuilt.
   */
  cached<T>(file: SourceFile, key: string, compute: () => T): T;
  report(finding: FindingInput): void;
}

/** A file whose text, not tree, a package hint may read. */
export type PackageTextFile = Pick<SourceFile, 'path' | 'text'>;

export interface Rule {
  meta: RuleMeta;
  /**
   * Tree-sitter query patterns for the nodes the rule looks at. The engine merges every
   * rule's patterns into one query and walks each tree once.
   */
  query: string;
  /**
   * What the text must contain for the rule to have anything to say (`/\.Put\(/`, or a
   * `TextHint` from textHints.ts for evidence a RegExp cannot express cheaply). A file-scope
   * rule tests it on the whole file; a declaration-scope rule on each top-level declaration:
   * text without it skips the rule's query patterns entirely. Before parsing, the CLI also
   * tests every hint on the whole file and skips files no rule could report on, so a
   * declaration's match must imply the file's: use `^(?=[^]*?A)(?=[^]*?B)` or `inOneFunction`
   * to require A and B together, never `^keyword` (a file does not start with the declaration).
   * A hint may match text the rule then finds clean; it must never fail text the rule reports on.
   */
  textHint?: TextHint;
  /**
   * What the whole file must contain for the rule to report anywhere in it, for evidence that
   * lives outside the declaration a finding is in (an import). Tested on the whole file, by the
   * server at every lint and by the CLI before parsing, together with `textHint`.
   */
  fileHint?: TextHint;
  /**
   * For a file-scope rule: what the text of a top-level declaration holding one of its matches
   * must contain. Declarations without it are left out of the rule's query walk (the rule still
   * checks the file's matches at once), so a rule whose hint most files pass does not walk every
   * function of them. Like `textHint`, it may say yes wrongly, never no.
   */
  matchHint?: TextHint;
  /**
   * Tested before parsing, after the text hints, where the file's package is known (the CLI,
   * Lint Workspace): whether the rule could report on the file given its package siblings'
   * texts (read `text` only: asking for a tree would parse what this is meant to spare). For
   * evidence in other files, such as a name some file of the package declares. Like the text
   * hints, it may say yes wrongly, never no.
   */
  packageHint?: (file: PackageTextFile, siblings: () => readonly PackageTextFile[]) => boolean;
  /**
   * The rule says nothing about test code (see analysis/testFiles.ts: `_test.go` files and
   * test-support code): a lifetime leak there lasts as long as the test binary. The engine does
   * not run it on such files, and the CLI does not parse a `_test.go` file for it.
   */
  quietInTests?: boolean;
  /**
   * `declaration` (the default): a finding depends only on the top-level declaration whose
   * match produced it (plus package-level declarations), and is reported inside it; while the
   * user types, only edited declarations are re-linted.
   * `file`: findings depend on other functions too, so the rule re-runs on the whole file.
   */
  scope?: 'declaration' | 'file';
  /**
   * For a declaration-scope rule whose findings also depend on what code outside their
   * declaration does (map-unbounded-cache: whether anything in the package deletes from the map):
   * those facts, as text. The engine keeps each top-level declaration's facts by its text and each
   * sibling's by the sibling; while they are all unchanged, an open document re-lints only its
   * edited declarations, and any change re-lints them all. Without `ofSibling`, any change of a
   * sibling's text counts.
   */
  outsideFacts?: {
    ofDeclaration(declaration: SyntaxNode): string;
    ofSibling?(file: PackageTextFile): string;
  };
  /** Called once per file with this rule's matches in document order. */
  check(context: RuleContext, matches: readonly RuleMatch[]): void;
}
