import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Where the extension's webviews may load from: the bundled scripts, codicons and the stylesheets, nothing else. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export interface WebviewPage {
  /** The page script, relative to the extension root (e.g. `dist/webview/migrations.js`). */
  readonly script: string;
  /** Stylesheets, relative to the extension root, in order. */
  readonly styles: readonly string[];
  readonly title: string;
}

/** The page: strict CSP, one script allowed by a fresh nonce, styles and fonts only from the extension. No user text in it. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(18).toString('base64');
  const uri = (path: string): string =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path.split('/'))).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    "img-src 'none'",
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  const links = page.styles.map((s) => `<link rel="stylesheet" href="${escapeHtml(uri(s))}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${links}
<title>${escapeHtml(page.title)}</title>
</head>
<body>
<main id="app"><p>Loading…</p></main>
<script nonce="${nonce}" src="${escapeHtml(uri(page.script))}"></script>
</body>
</html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
