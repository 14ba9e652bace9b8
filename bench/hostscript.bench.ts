// The inventory script's own cost on one host as the estate grows (see bench/README.md):
//   inventory_script_ms_1000vms_5000cp    warm get-inventory.ps1 on a host with 1,000 VMs and 5,000 checkpoints, lab
//                                         latency 0 (median of 5)
//   inventory_script_ms_250vms_1250cp     the same with a quarter of the VMs and checkpoints
//   inventory_script_scaling_ratio        the first ÷ the second (target ≤ 4.5: linear, with some slack)
import { getInventory } from '../src/core/inventory/operations/getInventory';
import { createPowerShellEngine } from '../src/engine';
import { PWSH, startLab } from '../test/support/lab';
import { median, syntheticTopology } from './support';

async function scriptMs(vms: number): Promise<number> {
  const lab = await startLab({ topology: syntheticTopology({ hosts: 1, vmsPerHost: vms, checkpointsPerVm: 5 }) });
  const engine = createPowerShellEngine({ powershellPath: PWSH, openTimeoutMs: 300_000 });
  try {
    const target = { connection: lab.connectionFor(lab.hosts[0]!.name) };
    const once = async (): Promise<number> => {
      const t = performance.now();
      const inv = await engine.runOne(getInventory(), target, { timeoutMs: 600_000 });
      const ms = performance.now() - t;
      const checkpoints = inv.vms.reduce((n, v) => n + v.checkpoints.length, 0);
      if (inv.vms.length !== vms || checkpoints !== vms * 5)
        throw new Error(`expected ${vms} VMs and ${vms * 5} checkpoints, got ${inv.vms.length} and ${checkpoints}`);
      return ms;
    };
    await once();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push(await once());
    return median(times);
  } finally {
    await engine.dispose();
    await lab.stop();
  }
}

export default async function hostScriptBench(): Promise<Record<string, number>> {
  const small = await scriptMs(250);
  const large = await scriptMs(1000);
  return {
    inventory_script_ms_250vms_1250cp: Math.round(small),
    inventory_script_ms_1000vms_5000cp: Math.round(large),
    inventory_script_scaling_ratio: Math.round((large / small) * 100) / 100,
  };
}
