// Runs inside the VS Code extension host (see ../run.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension('hyperv-mobility.hyperv-mobility');
  assert.ok(ext, 'the extension is installed in the development host');
  await ext.activate();
  const commands = await vscode.commands.getCommands(true);
  for (const id of [
    'hypervMobility.refresh',
    'hypervMobility.addHost',
    'hypervMobility.addCluster',
    'hypervMobility.showLog',
  ]) {
    assert.ok(commands.includes(id), `${id} is registered`);
  }
  // With no host configured the view is empty (its welcome content shows) and nothing fails.
  await vscode.commands.executeCommand('hypervMobility.refresh');
}
