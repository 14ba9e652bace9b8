import type { VmInfo } from '../inventory/inventory';
import { isFinal, type MigrationJob } from './model';
import { movingStep } from './planSteps';
import type { MigrationTopology } from './topology';
import { idKey } from '../names';

/** What a move carries over the wire: memory for a live move, disk files when storage moves too. */
export function moveSize(job: MigrationJob, vm: VmInfo | undefined): number | undefined {
  if (!vm) return undefined;
  const disks = vm.disks.reduce((n, d) => n + (d.fileSizeBytes ?? 0), 0);
  const step = movingStep(job.plan);
  if (!step) return undefined;
  if (step.action === 'moveStorage') return disks || undefined;
  const memory = vm.state === 'Running' ? vm.memoryAssignedBytes : 0;
  const storage = step.action === 'moveVm' && step.storage.mode !== 'shared' ? disks : 0;
  return memory + storage || undefined;
}

/**
 * The size of every unfinished move, by job id, from one look at the estate: the VMs are indexed once, so a panel
 * update costs the same with 40 moves as with one (looking each VM up through every host cost moves × VMs).
 */
export function moveSizes(jobs: readonly MigrationJob[], topology: MigrationTopology): ReadonlyMap<string, number> {
  const running = jobs.filter((j) => !isFinal(j.status));
  const sizes = new Map<string, number>();
  if (running.length === 0) return sizes;
  const wanted = new Set(running.map((j) => idKey(j.vm.id)));
  const vms = new Map<string, VmInfo>();
  for (const h of topology.hosts) {
    for (const vm of h.vms) {
      const id = idKey(vm.id);
      if (wanted.has(id) && !vms.has(id)) vms.set(id, vm);
    }
  }
  for (const j of running) {
    const size = moveSize(j, vms.get(idKey(j.vm.id)));
    if (size !== undefined) sizes.set(j.id, size);
  }
  return sizes;
}
