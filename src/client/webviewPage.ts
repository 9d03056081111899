// The one page scaffold every gomem webview uses, so the Content-Security-Policy is written once:
// nothing remote, scripts only by nonce, styles, images and fonts only from the extension.
import * as crypto from 'crypto';
import * as vscode from 'vscode';

export interface WebviewPageParts {
  /** Bundle under dist/webview, e.g. 'profileViewer.js'. */
  script: string;
  /** Style sheets under media/. */
  styles: string[];
  title: string;
  /** Static markup only: every string from a profile or a log arrives later by message, as text. */
  body: string;
}

/** Where a gomem webview may load from: its bundles and its style sheets, nothing else. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function webviewPage(webview: vscode.Webview, extensionUri: vscode.Uri, parts: WebviewPageParts): string {
  const nonce = crypto.randomBytes(16).toString('hex');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', parts.script));
  const styles = parts.styles.map((name) => `<link rel="stylesheet" href="${webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', name))}">`);
  const csp = ["default-src 'none'", `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles.join('\n')}
<title>${escapeHtml(parts.title)}</title>
</head>
<body>
${parts.body}
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
