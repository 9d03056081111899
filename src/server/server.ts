import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import {
  CancellationToken,
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  Command,
  createConnection,
  Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  ErrorCodes,
  InitializeResult,
  MessageType,
  ProposedFeatures,
  ResponseError,
  ShowMessageRequest,
  TextDocumentSyncKind,
  TextEdit as LspTextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import { GoDocument } from '../core/document';
import { DeclarationCache, LintSettings } from '../core/engine';
import { SkippedFileError, WriteGuard } from '../core/fileAccess';
import { Linter } from '../core/linter';
import { CacheContext, defaultCacheDirectory, FolderResult, gomemVersion, LintCache, lintFolderForCache, lookUpFolders, rulesFingerprint } from '../core/lintCache';
import type { Finding, Fix, SourceFile } from '../core/rule';
import { ALL_RULES } from '../core/rules';
import { placeholderRange, suppressInFileEdit, suppressOnLineEdit } from '../core/suppression';
import { comparePositions, editorPositions, Position, Range, TextEdit } from '../core/text';
import { collectGoFiles } from '../core/workspace';
import { describeInvalidChanges, documentUriOf, isRange } from './messages';
import { ACTIVE_PROFILE_NOTIFICATION, ActiveProfileParams, LINT_WORKSPACE_PROGRESS, LINT_WORKSPACE_REQUEST, LintWorkspaceParams, LintWorkspaceResult, SELECT_RANGE_COMMAND } from './protocol';
import { declaredFunctionAt, FindingPlace } from '../core/evidence';
import type { Tree } from '../core/parser';
import { ProfileEvidence } from './profileEvidence';
import { GomemConfiguration, toLintSettings, toMaxFileBytes } from './settings';
import { collectYoungGenerationWhenIdle } from './idleCollection';
import { Deadline, DEFAULT_FILE_TIME_BUDGET_SECONDS, LintStoppedError, LintTimeoutError, parseBudgetSeconds, underDeadline } from '../core/timeBudget';
import * as fs from 'fs';

const connection = createConnection(ProposedFeatures.all);
const EXTENSION_ROOT = path.resolve(__dirname, '..', '..');
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.gomem`;

interface OpenDocument {
  document: GoDocument;
  version: number;
  findings: Finding[];
  /** Where each finding is (file, line, declaration around it), for the active profile's evidence. */
  places: FindingPlace[];
  /** Per-declaration findings of the last lint, so typing re-lints only what changed. */
  cache: DeclarationCache;
}

const openDocuments = new Map<string, OpenDocument>();
const pendingLint = new Set<string>();
let linter: Linter | undefined;
let settings: LintSettings = {};
let fileTimeBudgetSeconds = DEFAULT_FILE_TIME_BUDGET_SECONDS;
let workspaceFolders: string[] = [];
/** Fixes write only regular files inside the workspace folders, as `gomem lint --fix` does for its paths. */
let writeGuard = new WriteGuard([]);
let canPullConfiguration = false;

// A last line of defence: whatever a message does, the server logs it and keeps serving.
process.on('uncaughtException', (error) => connection.console.error(`gomem: unexpected error: ${error.stack ?? error}`));
process.on('unhandledRejection', (reason) => connection.console.error(`gomem: unexpected error: ${(reason as Error)?.stack ?? reason}`));

/** How long the server trusts a folder listing or a file read from disk (see Linter.diskRecheckMs). */
const DISK_RECHECK_MS = 1000;

connection.onInitialize(async (params): Promise<InitializeResult> => {
  linter = await Linter.create();
  linter.onSkippedSibling = logSkippedOnce;
  // Open documents come from the editor; other files of their packages are looked at again after a second.
  linter.diskRecheckMs = DISK_RECHECK_MS;
  canPullConfiguration = !!params?.capabilities?.workspace?.configuration;
  const folderUris = Array.isArray(params?.workspaceFolders) ? params.workspaceFolders.map((folder) => folder?.uri) : [];
  if (folderUris.length === 0 && params?.rootUri) folderUris.push(params.rootUri);
  workspaceFolders = folderUris.flatMap((uri) => {
    const folder = localPathOf(uri);
    if (folder === undefined) connection.console.warn(`gomem ignores the workspace folder ${JSON.stringify(uri)}: it is not a local file URI`);
    return folder === undefined ? [] : [folder];
  });
  writeGuard = new WriteGuard(workspaceFolders);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
    },
    serverInfo: { name: 'gomem' },
  };
});

connection.onInitialized(async () => {
  connection.console.log(`gomem language server started (Node ${process.version}); workspace folders: ${workspaceFolders.join(', ') || 'none'}.`);
  if (canPullConfiguration) {
    connection.client.register(DidChangeConfigurationNotification.type, { section: 'gomem' }).catch(() => undefined);
  }
  await refreshSettings();
});

connection.onDidChangeConfiguration(async (change) => {
  // Clients may send the notification without params: then the settings are pulled.
  await refreshSettings((change as { settings?: { gomem?: GomemConfiguration } } | undefined)?.settings?.gomem);
  for (const uri of openDocuments.keys()) scheduleLint(uri);
});

async function refreshSettings(pushed?: GomemConfiguration): Promise<void> {
  let configuration = pushed;
  if (canPullConfiguration) {
    configuration = (await connection.workspace.getConfiguration('gomem').catch(() => undefined)) ?? pushed;
  }
  settings = toLintSettings(configuration, ALL_RULES);
  fileTimeBudgetSeconds = parseBudgetSeconds(configuration?.lint?.fileTimeBudgetSeconds) ?? DEFAULT_FILE_TIME_BUDGET_SECONDS;
  const maxFileBytes = toMaxFileBytes(configuration);
  if (linter && linter.maxFileBytes !== maxFileBytes) {
    linter.maxFileBytes = maxFileBytes;
    // Siblings read or refused under the old limit are looked at again, and so are the findings built on them.
    linter.clearCache();
    loggedSkips.clear();
    for (const open of openDocuments.values()) open.cache = new DeclarationCache();
  }
}

connection.onDidOpenTextDocument((params) => {
  const uri = documentUriOf(params);
  const textDocument = params?.textDocument;
  if (!uri || typeof textDocument.text !== 'string') return ignoreMessage('textDocument/didOpen', uri ? 'its text is not a string' : 'its document URI is not a string');
  if (!linter) return;
  openDocuments.get(uri)?.document.dispose();
  const document = GoDocument.open(linter.language, textDocument.text);
  openDocuments.set(uri, { document, version: textDocument.version, findings: [], places: [], cache: new DeclarationCache() });
  scheduleLint(uri);
});

connection.onDidChangeTextDocument((params) => {
  const uri = documentUriOf(params);
  if (!uri) return ignoreMessage('textDocument/didChange', 'its document URI is not a string');
  const open = openDocuments.get(uri);
  if (!open) return;
  const invalid = describeInvalidChanges(params.contentChanges);
  if (invalid) return ignoreMessage('textDocument/didChange', invalid);
  open.document.applyChanges(params.contentChanges.map((change) => ('range' in change ? { range: change.range, text: change.text } : { text: change.text })));
  open.version = params.textDocument.version;
  scheduleLint(uri);
});

connection.onDidCloseTextDocument((params) => {
  const uri = documentUriOf(params);
  if (!uri) return ignoreMessage('textDocument/didClose', 'its document URI is not a string');
  openDocuments.get(uri)?.document.dispose();
  openDocuments.delete(uri);
  pendingLint.delete(uri);
  overBudget.delete(uri);
  published.delete(uri);
  connection.sendDiagnostics({ uri, diagnostics: [] });
});

/** A notification the server cannot use is logged and dropped; nothing else changes. */
function ignoreMessage(method: string, why: string): void {
  connection.console.error(`gomem ignored a ${method} notification: ${why}.`);
}

const loggedSkips = new Set<string>();

/** Says once per file why a package sibling or workspace file was not read. */
function logSkippedOnce(file: string, reason: string): void {
  if (loggedSkips.has(file)) return;
  loggedSkips.add(file);
  connection.console.warn(`gomem: ${file}: ${reason}`);
}

/** Coalesces bursts of edits: the lint runs once after the queued messages are handled. */
function scheduleLint(uri: string): void {
  if (pendingLint.has(uri)) return;
  pendingLint.add(uri);
  const run = () => {
    pendingLint.delete(uri);
    lintOpenDocument(uri);
  };
  // A document that ran out of time last lint waits for a pause in typing, so that it does not
  // spend the budget again on every keystroke.
  if (overBudget.has(uri)) setTimeout(run, OVER_BUDGET_PAUSE_MS);
  else setImmediate(run);
}

/** Documents whose last lint ran past the time budget or was stopped (LintStoppedError). */
const overBudget = new Set<string>();
const OVER_BUDGET_PAUSE_MS = 1500;

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
      // The client may answer the message request with an error: that changes nothing here.
      const message = `gomem does not lint ${path.basename(uri)} as you type: it is ${megabytes} MB. Run "gomem lint" on it from a terminal instead.`;
      connection
        .sendRequest(ShowMessageRequest.type, { type: MessageType.Info, message })
        .then(undefined, (error: Error) => connection.console.warn(`gomem: the editor did not show the message about ${uri}: ${error?.message ?? error}`));
    }
    published.delete(uri);
    connection.sendDiagnostics({ uri, version: open.version, diagnostics: [] });
    return;
  }
  try {
    // The budget covers the (incremental) parse of the edited text and every rule.
    const result = underDeadline(new Deadline(fileTimeBudgetSeconds), () => linter!.lint(sourceFileOf(uri, open.document), settings, readOpenOrDisk, open.cache));
    overBudget.delete(uri);
    open.findings = result.findings;
    open.places = placesOf(uri, result.findings, open.document.tree);
    for (const error of result.ruleErrors) connection.console.error(error.message);
    publishFindings(uri, open.version, result.findings.map((finding) => toDiagnostic(uri, finding, (position) => open.document.toEditor(position))), open.places);
    collectYoungGenerationWhenIdle();
  } catch (error) {
    if (!(error instanceof LintStoppedError)) {
      connection.console.error(`gomem could not lint ${uri}: ${(error as Error).stack ?? error}`);
      return;
    }
    overBudget.add(uri);
    open.findings = [];
    open.places = [];
    published.delete(uri);
    connection.sendDiagnostics({ uri, version: open.version, diagnostics: [overBudgetDiagnostic(error)] });
  }
}

/** The diagnostics last published per document, before evidence, so a profile change can re-publish them. */
const published = new Map<string, { version?: number; file: string; diagnostics: Diagnostic[]; places: FindingPlace[] }>();

/** Publishes a document's diagnostics with the active profile's evidence, and keeps them for the next profile change. */
function publishFindings(uri: string, version: number | undefined, diagnostics: Diagnostic[], places: FindingPlace[]): void {
  if (diagnostics.length) published.set(uri, { version, file: uriToPath(uri), diagnostics, places });
  else published.delete(uri);
  sendPublished(uri, { version, diagnostics, places });
}

function sendPublished(uri: string, entry: { version?: number; diagnostics: Diagnostic[]; places: FindingPlace[] }): void {
  connection.sendDiagnostics({ uri, version: entry.version, diagnostics: entry.diagnostics.map((diagnostic, index) => evidence.withEvidence(diagnostic, entry.places[index])) });
}

/** Where findings are, for evidence: their file, first line, and the declaration around them. */
function placesOf(uri: string, findings: readonly Finding[], tree: Tree): FindingPlace[] {
  if (findings.length === 0) return [];
  const file = uriToPath(uri);
  return findings.map((finding) => {
    const { line, character } = finding.range.start;
    return { file, line: line + 1, function: declaredFunctionAt(tree, line, character)?.name };
  });
}

const evidence = new ProfileEvidence({
  workspaceFolders: () => workspaceFolders,
  get modules() {
    return linter!.modules;
  },
  republish: (files) => {
    for (const [uri, entry] of published) if (!files || files.has(entry.file)) sendPublished(uri, entry);
  },
  log: (message) => connection.console.log(message),
  warn: (message) => connection.console.warn(message),
});

connection.onNotification(ACTIVE_PROFILE_NOTIFICATION, (params: ActiveProfileParams | null | undefined) => {
  const profilePath = params?.path;
  if (profilePath !== undefined && profilePath !== null && typeof profilePath !== 'string') return ignoreMessage(ACTIVE_PROFILE_NOTIFICATION, 'its path is neither a string nor null');
  evidence.setActive(params ?? {}).catch((error: Error) => connection.console.error(`gomem: the active profile could not be read: ${error?.stack ?? error}`));
});

connection.onShutdown(() => evidence.dispose());

/** What a document shows instead of stale findings when its lint ran out of time or was stopped. */
function overBudgetDiagnostic(error: LintStoppedError): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: 'gomem',
    message:
      error instanceof LintTimeoutError
        ? `gomem stopped linting this file after ${error.seconds} s, its time budget per file (the gomem.lint.fileTimeBudgetSeconds setting), so its findings are not shown.`
        : `gomem stopped linting this file, so its findings are not shown: ${error.reason}.`,
  };
}

function sourceFileOf(uri: string, document: GoDocument): SourceFile {
  return { path: uriToPath(uri), text: document.text, tree: document.tree, lines: document.lineIndex };
}

/**
 * The file a document is linted as. A document with no local path (untitled, another host's
 * file://, a path with an encoded slash) is linted as if it were in the first workspace folder.
 */
function uriToPath(uri: string): string {
  return localPathOf(uri) ?? path.join(workspaceFolders[0] ?? process.cwd(), path.basename(uri.replace(/[?#].*$/, '')) || 'untitled.go');
}

/** The local path of a file URI, or undefined for anything else (fileURLToPath throws on those). */
function localPathOf(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
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

/** A finding as the editor shows it; `toEditor` translates positions in the file to the editor's lines. */
function toDiagnostic(uri: string, finding: Finding, toEditor: (position: Position) => Position = (position) => position): Diagnostic {
  const inDocument = (range: Range) => ({ start: toEditor(range.start), end: toEditor(range.end) });
  return {
    range: inDocument(finding.range),
    severity: LSP_SEVERITY[finding.severity],
    source: 'gomem',
    code: finding.ruleId,
    codeDescription: { href: docsUri(finding.ruleId) },
    message: finding.message,
    relatedInformation: finding.related.map((related) => ({
      location: related.file ? { uri: pathToFileURL(related.file).href, range: inOtherFile(related.file, related.range) } : { uri, range: inDocument(related.range) },
      message: related.message,
    })),
  };
}

connection.onCodeAction((params: CodeActionParams): CodeAction[] => {
  const uri = documentUriOf(params);
  if (!uri) throw new ResponseError(ErrorCodes.InvalidParams, 'textDocument.uri must be a string');
  const open = openDocuments.get(uri);
  if (!open) return [];
  if (!isRange(params.range)) throw new ResponseError(ErrorCodes.InvalidParams, 'range must be a range of line and character numbers');
  const only = Array.isArray(params.context?.only) ? params.context.only : undefined;
  if (only && only.some((kind) => kind === CodeActionKind.SourceFixAll || kind === FIX_ALL_KIND || kind === CodeActionKind.Source)) {
    const fixAll = fixAllAction(uri, open);
    return fixAll ? [fixAll] : [];
  }
  // The tree only for the suppression edits: a document without findings is not parsed here.
  let parsed: SourceFile | undefined;
  const fileOf = () => (parsed ??= sourceFileOf(uri, open.document));
  const requested = fromEditorRange(open.document, params.range);
  const actions: CodeAction[] = [];
  const suppressedInFile = new Set<string>();
  for (const [findingIndex, finding] of open.findings.entries()) {
    if (!overlaps(finding.range, requested)) continue;
    // The diagnostic as published, evidence included, so the editor pairs the actions with it.
    const diagnostic = evidence.withEvidence(toDiagnostic(uri, finding, (position) => open.document.toEditor(position)), open.places[findingIndex]);
    for (const fix of finding.fixes) {
      const edit = workspaceEdit(uri, fix.edits, open.document);
      if (edit) actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, isPreferred: fix.preferred, diagnostics: [diagnostic], edit });
    }
    // Shown greyed out with its reason, so that a fix the module's Go is too old for is never silently missing.
    for (const withheld of finding.withheldFixes) {
      actions.push({ title: `${withheld.title} (${withheld.reason})`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], disabled: { reason: withheld.reason } });
    }
    const onLine = suppressOnLineEdit(fileOf(), finding);
    actions.push({
      title: `Suppress ${finding.ruleId} on this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit(uri, [onLine], open.document),
      command: selectPlaceholderCommand(uri, onLine, open.document),
    });
    if (!suppressedInFile.has(finding.ruleId)) {
      suppressedInFile.add(finding.ruleId);
      const inFile = suppressInFileEdit(fileOf(), finding.ruleId);
      actions.push({
        title: `Suppress ${finding.ruleId} in this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: workspaceEdit(uri, [inFile], open.document),
        command: selectPlaceholderCommand(uri, inFile, open.document),
      });
    }
  }
  return actions;
});

/** A range in a package sibling, as the editor counts its lines (they differ only if it has a lone `\r`). */
function inOtherFile(file: string, range: Range): Range {
  const open = openDocuments.get(pathToFileURL(file).href);
  if (open) return toEditorRange(open.document, range);
  const text = linter?.readFromDisk(file);
  if (text === undefined) return range;
  let known = siblingPositions.get(file);
  if (known?.text !== text) siblingPositions.set(file, (known = { text, toEditor: editorPositions(text) }));
  const toEditor = known.toEditor;
  return toEditor ? { start: toEditor(range.start), end: toEditor(range.end) } : range;
}

/** Per sibling on disk, its text's position translation, computed once per text. */
const siblingPositions = new Map<string, { text: string; toEditor: ((position: Position) => Position) | undefined }>();

function toEditorRange(document: GoDocument, range: Range): Range {
  return { start: document.toEditor(range.start), end: document.toEditor(range.end) };
}

function fromEditorRange(document: GoDocument, range: Range): Range {
  return { start: document.fromEditor(range.start), end: document.fromEditor(range.end) };
}

/**
 * Runs after the suppression edit is applied: selects its reason placeholder, ready to type over
 * (the client's gomem.selectRange; LSP 3.17 code actions have no snippet edits).
 */
function selectPlaceholderCommand(uri: string, edit: TextEdit, document: GoDocument): Command {
  return { title: 'Select the reason to type over', command: SELECT_RANGE_COMMAND, arguments: [uri, toEditorRange(document, placeholderRange(edit))] };
}

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
  return { title: 'gomem: Fix All in File', kind: FIX_ALL_KIND, edit: workspaceEdit(uri, chosen, open.document)! };
}

/**
 * The edits of a fix as the editor applies them, or undefined if one would write a file other
 * than the document that is not a regular file inside the workspace folders (a symlinked sibling).
 */
function workspaceEdit(uri: string, edits: readonly TextEdit[], document: GoDocument): WorkspaceEdit | undefined {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of edits) {
    const target = edit.file ? pathToFileURL(edit.file).href : uri;
    if (target !== uri) {
      const refusal = writeGuard.refusal(edit.file!);
      if (refusal) {
        connection.console.info(`gomem does not offer a fix that edits ${edit.file}: ${refusal}.`);
        return undefined;
      }
    }
    (changes[target] ??= []).push({ range: target === uri ? toEditorRange(document, edit.range) : inOtherFile(edit.file!, edit.range), newText: edit.newText });
  }
  return { changes };
}

function overlaps(a: Range, b: Range, touchingCounts = true): boolean {
  const ordered = (x: Range, y: Range) => (touchingCounts ? comparePositions(x.end, y.start) < 0 : comparePositions(x.end, y.start) <= 0);
  return !(ordered(a, b) || ordered(b, a));
}

connection.onRequest(LINT_WORKSPACE_REQUEST, async (params: LintWorkspaceParams | null | undefined, token: CancellationToken): Promise<LintWorkspaceResult> => {
  if (!linter) return { files: 0, findings: 0, cancelled: false };
  const started = Date.now();
  // A workspace lint reads what is on disk now, not what an edit a moment ago read.
  linter.recheckDisk();
  const files = collectGoFiles(
    workspaceFolders.filter((folder) => fs.existsSync(folder)),
    ({ folder, message }) => connection.console.warn(`gomem: ${folder}: ${message}`),
  );
  const maxFiles = params?.maxFiles;
  if (typeof maxFiles === 'number' && files.length > maxFiles) return { files: files.length, findings: 0, cancelled: false, skipped: true };
  let findings = 0;
  let done = 0;
  // Folders with an open document are linted from the editor's text, never from the cache.
  const openFolders = new Set([...openDocuments.keys()].flatMap((uri) => {
    const file = uriToPath(uri);
    return file ? [path.dirname(file)] : [];
  }));
  const cacheDirectory = defaultCacheDirectory();
  const cache = cacheDirectory ? new LintCache(cacheDirectory, (message) => connection.console.warn(`gomem: ${message}`)) : undefined;
  const context: CacheContext = { rules: rulesFingerprint(ALL_RULES, gomemVersion()), settings, maxFileBytes: linter.maxFileBytes };
  const lookups = cache ? lookUpFolders(cache, context, files.filter((file) => !openFolders.has(path.dirname(file)))) : undefined;
  const cachedFolders = new Map(lookups?.lookups.map((lookup) => [lookup.folder, lookup]));
  for (const [folder, targets] of foldersOf(files)) {
    if (token.isCancellationRequested) return { files: done, findings, cancelled: true };
    const lookup = cachedFolders.get(folder);
    if (cache && lookup) {
      const linted = lookup.hit ? undefined : lintFolderForCache(linter, context, folder, targets, fileTimeBudgetSeconds);
      if (linted) cache.write(folder, linted.files, lookups!.stored.get(folder), linted.key, linted.key ? linted.result : undefined);
      findings += publishFolderResult(targets, lookup.hit ?? linted!.result);
    } else {
      for (const file of targets) {
        const uri = pathToFileURL(file).href;
        findings += openDocuments.has(uri) ? openDocuments.get(uri)!.findings.length : lintFileOnDisk(file, uri);
      }
    }
    done += targets.length;
    connection.sendNotification(LINT_WORKSPACE_PROGRESS, { done, total: files.length });
    // Let cancellation and edits through between folders.
    await new Promise((resolve) => setImmediate(resolve));
  }
  cache?.prune();
  linter.clearCache();
  siblingPositions.clear();
  connection.console.log(`Linted ${files.length} Go files of the workspace in ${Date.now() - started} ms: ${findings} findings.`);
  return { files: files.length, findings, cancelled: false };
});

/** Files grouped by folder, in the order given. */
function foldersOf(files: readonly string[]): Map<string, string[]> {
  const folders = new Map<string, string[]>();
  for (const file of files) {
    const folder = path.dirname(file);
    folders.set(folder, [...(folders.get(folder) ?? []), file]);
  }
  return folders;
}

/**
 * Publishes a folder's findings from the result cache or a lint for it. Only files with
 * findings are read and parsed again, for their editor positions and the declarations around
 * the findings (evidence).
 */
function publishFolderResult(targets: readonly string[], result: FolderResult): number {
  const byFile = new Map(result.reports.map((report) => [report.file, report.findings]));
  let count = 0;
  for (const file of targets) {
    const uri = pathToFileURL(file).href;
    const errors = result.errors.filter((error) => error.file === file);
    const stopped = errors.find((error) => error.stopped)?.stopped;
    if (stopped) {
      published.delete(uri);
      const error = stopped.seconds !== undefined ? new LintTimeoutError(stopped.seconds) : new LintStoppedError(stopped.reason);
      connection.sendDiagnostics({ uri, diagnostics: [overBudgetDiagnostic(error)] });
      continue;
    }
    for (const error of errors) {
      if (error.message.startsWith('skipped:')) logSkippedOnce(file, error.message);
      else connection.console.warn(`gomem: ${file}: ${error.message}`);
    }
    const findings = byFile.get(file) ?? [];
    const text = findings.length ? linter!.readFromDisk(file) : undefined;
    if (text === undefined) {
      publishFindings(uri, undefined, findings.map((finding) => toDiagnostic(uri, finding, undefined)), []);
    } else {
      const tree = linter!.language.parse(text);
      try {
        const toEditor = editorPositions(text);
        publishFindings(uri, undefined, findings.map((finding) => toDiagnostic(uri, finding, toEditor)), placesOf(uri, findings, tree));
      } finally {
        tree.delete();
      }
    }
    count += findings.length;
  }
  return count;
}

function lintFileOnDisk(file: string, uri: string): number {
  let text: string;
  try {
    text = linter!.readForLint(file);
  } catch (error) {
    if (error instanceof SkippedFileError) logSkippedOnce(file, error.message);
    else connection.console.warn(`gomem could not read ${file}: ${(error as Error).message}`);
    return 0;
  }
  try {
    return underDeadline(new Deadline(fileTimeBudgetSeconds), () => {
      const source = linter!.parse(file, text);
      try {
        const { findings } = linter!.lint(source, settings, readOpenOrDisk);
        const toEditor = editorPositions(text);
        publishFindings(uri, undefined, findings.map((finding) => toDiagnostic(uri, finding, toEditor)), placesOf(uri, findings, source.tree));
        return findings.length;
      } finally {
        source.tree.delete();
      }
    });
  } catch (error) {
    if (error instanceof SkippedFileError) {
      logSkippedOnce(file, error.message);
      return 0;
    }
    if (!(error instanceof LintStoppedError)) throw error;
    published.delete(uri);
    connection.sendDiagnostics({ uri, diagnostics: [overBudgetDiagnostic(error)] });
    return 0;
  }
}

connection.listen();
