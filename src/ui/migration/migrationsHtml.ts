import type * as vscode from 'vscode';
import { webviewHtml } from '../webview/html';

/** The Migrations panel's page: its script, its stylesheet and VS Code's codicons. */
export function migrationsHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewHtml(webview, extensionUri, {
    script: 'dist/webview/migrations.js',
    styles: ['dist/webview/codicons/codicon.css', 'media/webview.css', 'media/migrations.css'],
    title: 'Hyper-V Migrations',
  });
}
