// activation_spawns_pwsh: 1 if activating the extension (hosts configured) starts PowerShell before the Inventory
// view is shown, else 0 (target 0). Measured in a real VS Code (code-server): the extension is activated through a
// command, then code-server's process group is searched for pwsh; the view is then opened to prove the probe sees
// a pwsh when there is one.
import { join } from 'node:path';
import { waitFor } from '../test/support/poll';
import { pwshInGroup } from '../test/support/processes';
import { startVsCode } from '../test/support/vscode';

export default async function activationBench(): Promise<Record<string, number>> {
  const vscode = await startVsCode({
    name: 'bench-activation',
    settings: {
      // an address nobody answers: the probe only asks whether PowerShell starts, not whether it connects
      'hypervMobility.hosts': [{ name: 'HV-BENCH', transport: 'ssh', address: '127.0.0.254' }],
      'hypervMobility.powershellPath': join(__dirname, '..', '.tools', 'pwsh'),
    },
  });
  try {
    await vscode.runCommand('Hyper-V: Show Log');
    await vscode.waitForActivation();
    await new Promise((r) => setTimeout(r, 5000));
    const before = pwshInGroup(vscode.pid);
    await vscode.openView('Hyper-V');
    const seenAfter = await waitFor(
      "a pwsh in code-server's process group",
      () => (pwshInGroup(vscode.pid) > 0 ? true : undefined),
      60_000,
    ).catch(() => false);
    if (!seenAfter) throw new Error('no pwsh seen even after the view was shown: the probe cannot be trusted');
    return { activation_spawns_pwsh: before > 0 ? 1 : 0 };
  } finally {
    await vscode.stop();
  }
}
