import * as vscode from 'vscode';
import type { ConnectionSettings } from '../../app/connections/connectionSettings';

/**
 * What the view says about the hosts setting: `hypervMobility.hasConnections` for the welcome content, and the
 * entries it ignores (with why) as the view's message. Call again whenever the setting changes.
 */
export function showConnectionProblems(view: vscode.TreeView<unknown>, settings: ConnectionSettings): void {
  void vscode.commands.executeCommand('setContext', 'hypervMobility.hasConnections', settings.entries().length > 0);
  const problems = settings.read().problems;
  view.message = problems.length
    ? `Some entries of hypervMobility.hosts are ignored: ${problems.map((p) => `#${p.index + 1}${p.name ? ` (${p.name})` : ''}: ${p.message}`).join(' ')}`
    : undefined;
}
