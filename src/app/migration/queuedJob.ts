import type { MigrationJob, MigrationPlan } from '../../core/migration/model';
import type { QueueItem } from '../../core/migration/queue';
import { findHost, type MigrationTopology } from '../../core/migration/topology';

/** A new job for the plan, waiting in its source host's queue. */
export function queuedJob(plan: MigrationPlan, id: string, now: string): MigrationJob {
  return {
    id,
    kind: plan.kind,
    vm: plan.request.vm,
    sourceHost: plan.sourceHost,
    destinationHost: plan.destinationHost,
    destinationCluster: plan.destinationCluster,
    status: 'queued',
    percent: 0,
    steps: plan.steps.map((s) => ({ action: s.action, host: s.host, status: 'pending' as const })),
    currentStep: 0,
    createdAt: now,
    updatedAt: now,
    expectedState: plan.expectedState,
    expectedDiskPaths: plan.expectedDiskPaths,
    plan,
  };
}

const defaultLimit = 2;

/** How many moves of the item's kind its source host takes at once. */
export function limitFor(topology: MigrationTopology, item: QueueItem): number {
  const h = findHost(topology, item.sourceHost);
  if (!h) return defaultLimit;
  if (item.slot === 'storage') return h.host.maximumStorageMigrations ?? defaultLimit;
  // A cluster's MaximumParallelMigrations overrides its nodes' own limit.
  return h.cluster?.maximumParallelMigrations ?? h.host.maximumVirtualMachineMigrations ?? defaultLimit;
}
