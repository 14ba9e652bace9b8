import { saveRestoreDowntime, downtimeText, type DowntimeEstimate, type Throughput } from './downtime';
import { migrationKindLabels, type MigrationJob, type MigrationPlan, type MoveRequest } from './model';
import { isLiveConnectionRefusal } from './liveRefusal';
import { movingStep } from './planSteps';
import { errors, type PreflightCheck, type PreflightItem, type PreflightReport } from './preflight';

/**
 * What to offer when live migration is refused, and only then: for a VM that is a cluster role, Failover Cluster
 * Manager's quick migration (save, move the role, resume). It needs no live migration connection between the nodes
 * (the saved state is on the cluster's storage), so it gets past live migration being off on a node and the
 * authentication of that connection; it does not get past what a saved state needs of its new host (processor,
 * switches, configuration version), so those refusals get no offer. Pure.
 */

/** Preflight errors that stop a live migration but not a quick one. */
const quickGetsPast: ReadonlySet<PreflightCheck> = new Set<PreflightCheck>([
  'migrationDisabled',
  'authentication',
  'delegation',
]);

/** A live migration between nodes of one cluster of a VM that runs: the move a quick migration can stand in for. */
export function isLiveClusterMove(plan: MigrationPlan | undefined): plan is MigrationPlan {
  const step = movingStep(plan);
  return (
    plan !== undefined &&
    plan.kind === 'clustered' &&
    step?.action === 'moveClusterRole' &&
    step.migrationType === 'Live' &&
    plan.expectedState === 'Running'
  );
}

/** A quick migration of a running VM: it is down while it is saved, moved and resumed. */
export function isQuickMigration(plan: MigrationPlan | undefined): boolean {
  const step = movingStep(plan);
  return step?.action === 'moveClusterRole' && step.migrationType === 'Quick' && plan?.expectedState === 'Running';
}

/** The kind of move as the user reads it: a quick migration is named so, it is not a live one. */
export function moveKindLabel(plan: MigrationPlan): string {
  return isQuickMigration(plan) ? 'Clustered quick migration' : migrationKindLabels[plan.kind];
}

/**
 * Only a live migration can be cancelled on its host (Move-ClusterVirtualMachineRole -Cancel); a quick migration,
 * once sent, saves and resumes the VM to the end. Before it is sent (queued) it is only ours to drop.
 */
export function cancellableNow(job: MigrationJob): boolean {
  return !isQuickMigration(job.plan) || job.status === 'queued';
}

/** The preflight refused this live move only for reasons a quick migration gets past. */
export function quickGetsPastPreflight(plan: MigrationPlan, report: PreflightReport): boolean {
  const blocking = errors(report);
  return isLiveClusterMove(plan) && blocking.length > 0 && blocking.every(quickGetsPastItem);
}

/** A refusal of the live migration connection, by the preflight's own check or in Compare-VM's failure. */
function quickGetsPastItem(item: PreflightItem): boolean {
  return quickGetsPast.has(item.check) || (item.check === 'compatibility' && isLiveConnectionRefusal(item.reason));
}

/** The live move ran and a host refused its connection: a quick migration does not need that connection. */
export function quickGetsPastFailure(job: MigrationJob): boolean {
  return job.status === 'failed' && isLiveClusterMove(job.plan) && isLiveConnectionRefusal(job.error);
}

/** The move asked again as a quick migration, with the downtime the user was told of. */
export function asQuickMigration(request: MoveRequest, downtime: DowntimeEstimate): MoveRequest {
  return { ...request, clusterMigrationType: 'Quick', downtime };
}

/** The offer as a preflight line with its one-click fix (undefined when no quick migration is offered). */
export function quickMigrationOffer(
  plan: MigrationPlan,
  report: PreflightReport,
  throughput: Throughput,
): PreflightItem | undefined {
  const memory = report.needs?.memoryBytes ?? 0;
  if (!quickGetsPastPreflight(plan, report) || memory <= 0) return undefined;
  const downtime = saveRestoreDowntime(memory, throughput);
  const vm = plan.request.vm;
  return {
    check: 'fallback',
    severity: 'info',
    host: plan.destinationHost,
    title: `Quick migration is possible instead`,
    reason: `It saves ${vm.name}, moves its role to ${plan.destinationHost} and resumes it there, without a live migration connection: ${downtimeText(downtime)} of downtime (${downtime.basis}).`,
    fix: { kind: 'quickMigration', vmId: vm.id, vmName: vm.name, downtime },
  };
}

/** A move and its preflight, as the confirmation holds them. */
export interface Checked {
  readonly plan: MigrationPlan;
  readonly report: PreflightReport;
}

/** The moves with their fallback offers added to their preflight (a fallback is offered for a move on its own). */
export function withFallbackOffers<T extends Checked>(moves: readonly T[], throughput: Throughput): T[] {
  if (moves.length !== 1) return [...moves];
  return moves.map((m) => {
    const offer = quickMigrationOffer(m.plan, m.report, throughput);
    return offer ? { ...m, report: { ...m.report, items: [...m.report.items, offer] } } : m;
  });
}

/** The quick migration to offer after a live move a host refused; undefined when none is. */
export function quickMigrationAfter(
  job: MigrationJob,
  memoryBytes: number,
  throughput: Throughput,
): MoveRequest | undefined {
  if (!quickGetsPastFailure(job) || memoryBytes <= 0) return undefined;
  return asQuickMigration(job.plan!.request, saveRestoreDowntime(memoryBytes, throughput));
}
