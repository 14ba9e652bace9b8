import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // composition root: filled in by the inventory issue
}

export function deactivate(): void {}
