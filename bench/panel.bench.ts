// The Migrations panel's cost on the extension side with a big estate (see bench/README.md):
//   panel_update_40_jobs_ms         one panel update with 40 running moves and 160 finished ones in an estate of 200
//                                   hosts × 100 VMs: the estate's topology, the moves' sizes and the panel's view
//                                   with each running move's throughput sparkline from a full window of samples (two
//                                   minutes, one every 2 s) (median of 50, target ≤ 5)
//   panel_update_40_jobs_before_ms  the same the way it was done before: the topology built and every host searched
//                                   once per running move
import type { MigrationJob } from '../src/core/migration/model';
import { addSample, type ProgressSample } from '../src/core/migration/progressSamples';
import type { PlanStep } from '../src/core/migration/planSteps';
import { moveSize, moveSizes } from '../src/core/migration/moveSize';
import { toPanelState } from '../src/core/migration/view/jobView';
import { findVm, topologyOf } from '../src/core/migration/topology';
import type { HostInventory, VmInfo } from '../src/core/inventory/inventory';
import type { TreeInput } from '../src/core/inventory/tree/buildTree';
import { median } from './support';

function estate(hosts: number, vmsPerHost: number): TreeInput {
  let n = 0;
  const inventory = (h: number): HostInventory => {
    const host = `HV-${String(h).padStart(3, '0')}`;
    const vms: VmInfo[] = Array.from({ length: vmsPerHost }, () => {
      n++;
      return {
        id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        name: `vm-${n}`,
        host,
        state: 'Running',
        operationalStatus: ['Ok'],
        cpuUsage: 5,
        memoryAssignedBytes: 8 * 1024 ** 3,
        uptimeSeconds: 1000,
        isClustered: false,
        disks: [{ path: `D:\\VMs\\vm-${n}.vhdx`, passThrough: false, fileSizeBytes: 40 * 1024 ** 3 }],
        adapters: [],
        checkpoints: [],
      };
    });
    return { host: { name: host, memoryCapacityBytes: 1024 ** 4 }, switches: [], vms };
  };
  return {
    clusters: [],
    hosts: Array.from({ length: hosts }, (_, h) => ({
      name: `HV-${String(h).padStart(3, '0')}`,
      load: { status: 'loaded' as const, value: inventory(h) },
    })),
  };
}

function jobs(input: TreeInput, running: number, finished: number): MigrationJob[] {
  const vms = input.hosts.flatMap((h) => (h.load.status === 'loaded' ? h.load.value.vms : []));
  return Array.from({ length: running + finished }, (_, i) => {
    const vm = vms[(i * 97) % vms.length]!;
    const step: PlanStep = {
      action: 'moveVm',
      host: vm.host,
      destinationHost: 'HV-000',
      storage: { mode: 'hostDefault' },
      retainSourceCopies: false,
    };
    const done = i >= running;
    return {
      id: `job-${i}`,
      kind: 'sharedNothing',
      vm: { id: vm.id, name: vm.name, host: vm.host },
      sourceHost: vm.host,
      destinationHost: 'HV-000',
      status: done ? 'succeeded' : 'running',
      percent: done ? 100 : 40,
      steps: [{ action: 'moveVm', host: vm.host, status: done ? 'done' : 'running' }],
      currentStep: 0,
      createdAt: '2026-11-29T10:00:00Z',
      startedAt: '2026-11-29T10:00:01Z',
      endedAt: done ? '2026-11-29T10:05:00Z' : undefined,
      expectedState: 'Running',
      plan: {
        kind: 'sharedNothing',
        request: { vm: { id: vm.id, name: vm.name, host: vm.host }, destination: { type: 'host', host: 'HV-000' } },
        sourceHost: vm.host,
        destinationHost: 'HV-000',
        steps: [step],
        rollback: [],
        slot: 'live',
        expectedState: 'Running',
      },
    };
  });
}

/** A full window: two minutes of ticks 2 s apart, each move at its own pace with a slowdown half way. */
function sampleWindow(now: number, seed: number): readonly ProgressSample[] {
  let w: readonly ProgressSample[] = [];
  for (let t = -120_000, p = 0; t <= 0; t += 2000) {
    p += t < -60_000 ? 0.4 + (seed % 5) / 10 : 0.1;
    w = addSample(w, { at: now + t, percent: Math.floor(p) });
  }
  return w;
}

function timeIt(fn: () => unknown): number {
  for (let i = 0; i < 10; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return Math.round(median(times) * 100) / 100;
}

export default function panelBench(): Promise<Record<string, number>> {
  const input = estate(200, 100);
  const all = jobs(input, 40, 160);
  const now = Date.parse('2026-11-29T10:02:00Z');
  const queuePosition = (): undefined => undefined;
  const samples = new Map(all.map((j, i) => [j.id, sampleWindow(now, i)]));
  const update = (): unknown => {
    const sizes = moveSizes(all, topologyOf(input));
    return toPanelState({
      jobs: all,
      drains: [],
      now,
      sizeOf: (j) => sizes.get(j.id),
      queuePosition,
      samplesOf: (id) => samples.get(id),
    });
  };
  const before = (): unknown =>
    toPanelState({
      jobs: all,
      drains: [],
      now,
      sizeOf: (j) => moveSize(j, findVm(topologyOf(input), j.vm.id)),
      queuePosition,
    });
  return Promise.resolve({ panel_update_40_jobs_ms: timeIt(update), panel_update_40_jobs_before_ms: timeIt(before) });
}
