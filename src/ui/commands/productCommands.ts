import * as vscode from 'vscode';
import type { OutputLog } from '../log/outputLog';
import { registerCommand } from './registerCommand';

/** Show Log and Open Settings: the product's own, not of any feature. */
export function registerProductCommands(log: OutputLog): vscode.Disposable[] {
  return [
    registerCommand(log, 'hypervMobility.showLog', 'Show Log', () => log.show()),
    registerCommand(log, 'hypervMobility.openSettings', 'Open Settings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', 'hypervMobility'),
    ),
  ];
}
