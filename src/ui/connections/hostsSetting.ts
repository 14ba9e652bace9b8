import * as vscode from 'vscode';
import type { HostsSetting } from '../../app/connections/connectionSettings';

const section = 'hypervMobility';

/** `hypervMobility.hosts` through VS Code's configuration: read in effect, written to the user's (global) value. */
export const vscodeHostsSetting: HostsSetting = {
  effective: () => vscode.workspace.getConfiguration(section).get<unknown>('hosts'),
  user: () => vscode.workspace.getConfiguration(section).inspect<unknown>('hosts')?.globalValue,
  writeUser: async (value) =>
    vscode.workspace.getConfiguration(section).update('hosts', value, vscode.ConfigurationTarget.Global),
};
