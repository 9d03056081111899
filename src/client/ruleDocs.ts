// Rule documentation, opened rendered and read-only: the diagnostics' rule links, the Settings
// UI's "Docs" links and the gomem.showRuleDocs command all land in one custom editor that renders
// the page shipped in docs/rules/ with VS Code's own Markdown renderer.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

/** `gomem-docs:/rules/<rule-id>.md`: the custom editor below claims every URI of this scheme. */
export const RULE_DOCS_SCHEME = 'gomem-docs';
export const RULE_DOCS_VIEW_TYPE = 'gomem.ruleDocs';
export const SHOW_RULE_DOCS_COMMAND = 'gomem.showRuleDocs';

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function ruleDocsUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RULE_DOCS_SCHEME, path: `/rules/${ruleId}.md` });
}

function ruleIdOf(uri: vscode.Uri): string | undefined {
  const match = /^\/rules\/([^/]+)\.md$/.exec(uri.path);
  return match && RULE_ID.test(match[1]) ? match[1] : undefined;
}

/** A diagnostic's rule link as the server sends it (a file URL of docs/rules/<id>.md), pointed at the rendered view. */
export function renderedDocsTarget(target: vscode.Uri, extensionRoot: string): vscode.Uri {
  if (target.scheme !== 'file') return target;
  const relative = path.relative(path.join(extensionRoot, 'docs', 'rules'), target.fsPath);
  const match = /^([a-z0-9-]+)\.md$/.exec(relative);
  return match && RULE_ID.test(match[1]) ? ruleDocsUri(match[1]) : target;
}

/** The Markdown pages of docs/rules, read-only: also what "Reopen With... Text Editor" shows. */
class RuleDocsFileSystem implements vscode.FileSystemProvider {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;

  constructor(private readonly docsFolder: string) {}

  private fileOf(uri: vscode.Uri): string {
    const ruleId = ruleIdOf(uri);
    const file = ruleId ? path.join(this.docsFolder, `${ruleId}.md`) : undefined;
    if (!file || !fs.existsSync(file)) throw vscode.FileSystemError.FileNotFound(uri);
    return file;
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    if (uri.path === '/' || uri.path === '/rules') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const stat = fs.statSync(this.fileOf(uri));
    return { type: vscode.FileType.File, ctime: stat.ctimeMs, mtime: stat.mtimeMs, size: stat.size, permissions: vscode.FilePermission.Readonly };
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return fs.readFileSync(this.fileOf(uri));
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  createDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  writeFile(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  delete(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  rename(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}

class RuleDocsProvider implements vscode.CustomReadonlyEditorProvider {
  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    // No scripts; the only links that work are the other rules' pages (command URIs of this command).
    panel.webview.options = { enableScripts: false, enableCommandUris: [SHOW_RULE_DOCS_COMMAND] };
    const ruleId = ruleIdOf(document.uri);
    let markdown: string;
    try {
      markdown = new TextDecoder().decode(await vscode.workspace.fs.readFile(document.uri));
    } catch {
      panel.webview.html = page(`<p>gomem has no documentation page for ${escapeHtml(ruleId ?? document.uri.path)}.</p>`);
      return;
    }
    panel.title = `gomem: ${ruleId}`;
    panel.webview.html = page(linkRulePages(await renderMarkdown(markdown)));
  }
}

/** VS Code's built-in Markdown renderer (it sanitizes the HTML); plain text if it is unavailable. */
async function renderMarkdown(markdown: string): Promise<string> {
  try {
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    if (typeof html === 'string') return html;
  } catch {
    // the Markdown extension is disabled
  }
  return `<pre>${escapeHtml(markdown)}</pre>`;
}

/** Relative links between rule pages (`map-pointer-key.md`) open the other page in this view. */
function linkRulePages(html: string): string {
  return html.replace(/href="(?:\.\/)?([a-z0-9-]+)\.md(#[^"]*)?"/g, (_, ruleId: string) => `href="command:${SHOW_RULE_DOCS_COMMAND}?${encodeURIComponent(JSON.stringify([ruleId]))}"`);
}

function page(body: string): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<style nonce="${nonce}">
  body { font-family: var(--vscode-markdown-font-family, var(--vscode-font-family)); font-size: var(--vscode-markdown-font-size, 14px); line-height: 1.6; max-width: 52em; padding: 0 26px 2em; color: var(--vscode-foreground); }
  code { font-family: var(--vscode-editor-font-family); font-size: 0.95em; }
  pre { background: var(--vscode-textCodeBlock-background); padding: 10px 14px; overflow-x: auto; border-radius: 3px; }
  :not(pre) > code { background: var(--vscode-textCodeBlock-background); padding: 1px 4px; border-radius: 3px; }
  a { color: var(--vscode-textLink-foreground); }
  h1, h2 { border-bottom: 1px solid var(--vscode-panel-border, transparent); padding-bottom: 0.2em; }
</style>
</head>
<body>${body}</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function registerRuleDocs(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerFileSystemProvider(RULE_DOCS_SCHEME, new RuleDocsFileSystem(context.asAbsolutePath(path.join('docs', 'rules'))), { isReadonly: true }),
    vscode.window.registerCustomEditorProvider(RULE_DOCS_VIEW_TYPE, new RuleDocsProvider()),
    vscode.commands.registerCommand(SHOW_RULE_DOCS_COMMAND, async (ruleId?: unknown) => {
      // From the Command Palette: pick one of the shipped pages.
      if (ruleId === undefined) {
        const pages = fs.readdirSync(context.asAbsolutePath(path.join('docs', 'rules'))).filter((name) => name.endsWith('.md'));
        ruleId = await vscode.window.showQuickPick(pages.map((name) => name.slice(0, -3)).sort(), { placeHolder: 'Which rule?' });
      }
      if (typeof ruleId !== 'string' || !RULE_ID.test(ruleId)) return;
      await vscode.commands.executeCommand('vscode.openWith', ruleDocsUri(ruleId), RULE_DOCS_VIEW_TYPE);
    }),
  );
}
