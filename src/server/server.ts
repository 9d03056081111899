import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import {
  CancellationToken,
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  createConnection,
  Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  InitializeResult,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextEdit as LspTextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import { GoDocument } from '../core/document';
import { DeclarationCache, LintSettings } from '../core/engine';
import { Linter } from '../core/linter';
import type { Finding, Fix, SourceFile } from '../core/rule';
import { ALL_RULES } from '../core/rules';
import { suppressInFileEdit, suppressOnLineEdit } from '../core/suppression';
import { comparePositions, Range, TextEdit } from '../core/text';
import { collectGoFiles } from '../core/workspace';
import { LINT_WORKSPACE_PROGRESS, LINT_WORKSPACE_REQUEST, LintWorkspaceResult } from './protocol';
import { GomemConfiguration, toLintSettings } from './settings';
import * as fs from 'fs';

const connection = createConnection(ProposedFeatures.all);
const EXTENSION_ROOT = path.resolve(__dirname, '..', '..');
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.gomem`;

interface OpenDocument {
  document: GoDocument;
  version: number;
  findings: Finding[];
  /** Per-declaration findings of the last lint, so typing re-lints only what changed. */
  cache: DeclarationCache;
}

const openDocuments = new Map<string, OpenDocument>();
const pendingLint = new Set<string>();
let linter: Linter | undefined;
let settings: LintSettings = {};
let workspaceFolders: string[] = [];
let canPullConfiguration = false;

connection.onInitialize(async (params): Promise<InitializeResult> => {
  linter = await Linter.create();
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  workspaceFolders = (params.workspaceFolders ?? []).map((folder) => fileURLToPath(folder.uri));
  if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [fileURLToPath(params.rootUri)];
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
    },
    serverInfo: { name: 'gomem' },
  };
});

connection.onInitialized(async () => {
  if (canPullConfiguration) {
    connection.client.register(DidChangeConfigurationNotification.type, { section: 'gomem' }).catch(() => undefined);
  }
  await refreshSettings();
});

connection.onDidChangeConfiguration(async (change) => {
  await refreshSettings(change.settings?.gomem);
  for (const uri of openDocuments.keys()) scheduleLint(uri);
});

async function refreshSettings(pushed?: GomemConfiguration): Promise<void> {
  let configuration = pushed;
  if (canPullConfiguration) {
    configuration = (await connection.workspace.getConfiguration('gomem').catch(() => undefined)) ?? pushed;
  }
  settings = toLintSettings(configuration, ALL_RULES);
}

connection.onDidOpenTextDocument(({ textDocument }) => {
  if (!linter) return;
  openDocuments.get(textDocument.uri)?.document.dispose();
  const document = GoDocument.open(linter.language, textDocument.text);
  openDocuments.set(textDocument.uri, { document, version: textDocument.version, findings: [], cache: new DeclarationCache() });
  scheduleLint(textDocument.uri);
});

connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
  const open = openDocuments.get(textDocument.uri);
  if (!open) return;
  open.document.applyChanges(contentChanges.map((change) => ('range' in change ? { range: change.range, text: change.text } : { text: change.text })));
  open.version = textDocument.version;
  scheduleLint(textDocument.uri);
});

connection.onDidCloseTextDocument(({ textDocument }) => {
  openDocuments.get(textDocument.uri)?.document.dispose();
  openDocuments.delete(textDocument.uri);
  pendingLint.delete(textDocument.uri);
  connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
});

/** Coalesces bursts of edits: the lint runs once after the queued messages are handled. */
function scheduleLint(uri: string): void {
  if (pendingLint.has(uri)) return;
  pendingLint.add(uri);
  setImmediate(() => {
    pendingLint.delete(uri);
    lintOpenDocument(uri);
  });
}

/** Bigger files (generated tables, bundled assets) are not linted as you type; the CLI still can. */
export const MAX_LIVE_LINT_CHARACTERS = 8_000_000;
const warnedTooLarge = new Set<string>();

function lintOpenDocument(uri: string): void {
  const open = openDocuments.get(uri);
  if (!open || !linter) return;
  if (open.document.text.length > MAX_LIVE_LINT_CHARACTERS) {
    if (!warnedTooLarge.has(uri)) {
      warnedTooLarge.add(uri);
      const megabytes = (open.document.text.length / 1e6).toFixed(1);
      connection.window.showInformationMessage(`gomem does not lint ${path.basename(uri)} as you type: it is ${megabytes} MB. Run "gomem lint" on it from a terminal instead.`);
    }
    connection.sendDiagnostics({ uri, version: open.version, diagnostics: [] });
    return;
  }
  const file = sourceFileOf(uri, open.document);
  try {
    const result = linter.lint(file, settings, readOpenOrDisk, open.cache);
    open.findings = result.findings;
    for (const error of result.ruleErrors) connection.console.error(error.message);
    connection.sendDiagnostics({ uri, version: open.version, diagnostics: result.findings.map((finding) => toDiagnostic(uri, finding)) });
  } catch (error) {
    connection.console.error(`gomem could not lint ${uri}: ${(error as Error).stack ?? error}`);
  }
}

function sourceFileOf(uri: string, document: GoDocument): SourceFile {
  return { path: uriToPath(uri), text: document.text, tree: document.tree, lines: document.lineIndex };
}

function uriToPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : path.join(workspaceFolders[0] ?? process.cwd(), path.basename(uri));
}

/** Sibling files of a package: the editor's unsaved text first, the disk otherwise. */
function readOpenOrDisk(file: string): string | undefined {
  const open = openDocuments.get(pathToFileURL(file).href);
  if (open) return open.document.text;
  return linter?.readFromDisk(file);
}

const LSP_SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

function docsUri(ruleId: string): string {
  const rule = ALL_RULES.find((candidate) => candidate.meta.id === ruleId);
  return pathToFileURL(path.join(EXTENSION_ROOT, rule?.meta.docs ?? 'README.md')).href;
}

function toDiagnostic(uri: string, finding: Finding): Diagnostic {
  return {
    range: finding.range,
    severity: LSP_SEVERITY[finding.severity],
    source: 'gomem',
    code: finding.ruleId,
    codeDescription: { href: docsUri(finding.ruleId) },
    message: finding.message,
    relatedInformation: finding.related.map((related) => ({
      location: { uri: related.file ? pathToFileURL(related.file).href : uri, range: related.range },
      message: related.message,
    })),
  };
}

connection.onCodeAction((params: CodeActionParams): CodeAction[] => {
  const open = openDocuments.get(params.textDocument.uri);
  if (!open) return [];
  const uri = params.textDocument.uri;
  const only = params.context.only;
  if (only && only.some((kind) => kind === CodeActionKind.SourceFixAll || kind === FIX_ALL_KIND || kind === CodeActionKind.Source)) {
    const fixAll = fixAllAction(uri, open);
    return fixAll ? [fixAll] : [];
  }
  const file = sourceFileOf(uri, open.document);
  const actions: CodeAction[] = [];
  const suppressedInFile = new Set<string>();
  for (const finding of open.findings) {
    if (!overlaps(finding.range, params.range)) continue;
    const diagnostic = toDiagnostic(uri, finding);
    for (const fix of finding.fixes) {
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, isPreferred: fix.preferred, diagnostics: [diagnostic], edit: workspaceEdit(uri, fix.edits) });
    }
    actions.push({
      title: `Suppress ${finding.ruleId} on this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit(uri, [suppressOnLineEdit(file, finding)]),
    });
    if (!suppressedInFile.has(finding.ruleId)) {
      suppressedInFile.add(finding.ruleId);
      actions.push({
        title: `Suppress ${finding.ruleId} in this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: workspaceEdit(uri, [suppressInFileEdit(file, finding.ruleId)]),
      });
    }
  }
  return actions;
});

/** Every preferred fix in the file whose edits do not overlap an earlier one. */
function fixAllAction(uri: string, open: OpenDocument): CodeAction | undefined {
  const chosen: TextEdit[] = [];
  for (const finding of open.findings) {
    const fix: Fix | undefined = finding.fixes.find((candidate) => candidate.preferred);
    if (!fix || fix.edits.some((edit) => edit.file && pathToFileURL(edit.file).href !== uri)) continue;
    if (fix.edits.some((edit) => chosen.some((taken) => overlaps(taken.range, edit.range, false)))) continue;
    chosen.push(...fix.edits);
  }
  if (chosen.length === 0) return undefined;
  return { title: 'gomem: Fix All in File', kind: FIX_ALL_KIND, edit: workspaceEdit(uri, chosen) };
}

function workspaceEdit(uri: string, edits: readonly TextEdit[]): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of edits) {
    const target = edit.file ? pathToFileURL(edit.file).href : uri;
    (changes[target] ??= []).push({ range: edit.range, newText: edit.newText });
  }
  return { changes };
}

function overlaps(a: Range, b: Range, touchingCounts = true): boolean {
  const ordered = (x: Range, y: Range) => (touchingCounts ? comparePositions(x.end, y.start) < 0 : comparePositions(x.end, y.start) <= 0);
  return !(ordered(a, b) || ordered(b, a));
}

connection.onRequest(LINT_WORKSPACE_REQUEST, async (_params: unknown, token: CancellationToken): Promise<LintWorkspaceResult> => {
  if (!linter) return { files: 0, findings: 0, cancelled: false };
  const files = collectGoFiles(workspaceFolders.filter((folder) => fs.existsSync(folder)));
  let findings = 0;
  for (let index = 0; index < files.length; index++) {
    if (token.isCancellationRequested) return { files: index, findings, cancelled: true };
    const file = files[index];
    const uri = pathToFileURL(file).href;
    if (openDocuments.has(uri)) {
      findings += openDocuments.get(uri)!.findings.length;
    } else {
      findings += lintFileOnDisk(file, uri);
    }
    if (index % 20 === 0 || index === files.length - 1) {
      connection.sendNotification(LINT_WORKSPACE_PROGRESS, { done: index + 1, total: files.length });
      // Let cancellation and edits through between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  linter.clearCache();
  return { files: files.length, findings, cancelled: false };
});

function lintFileOnDisk(file: string, uri: string): number {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    connection.console.warn(`gomem could not read ${file}: ${(error as Error).message}`);
    return 0;
  }
  const source = linter!.parse(file, text);
  try {
    const { findings } = linter!.lint(source, settings, readOpenOrDisk);
    connection.sendDiagnostics({ uri, diagnostics: findings.map((finding) => toDiagnostic(uri, finding)) });
    return findings.length;
  } finally {
    source.tree.delete();
  }
}

connection.listen();
