import type { MigrationJob } from '../../core/migration/model';
import type { PlanStep } from '../../core/migration/planSteps';
import { isActiveJobState, isStorageJob, type HostMigrationJob } from '../../core/migration/operations/pollMigrations';
import { findHost, findHostByAnyName, findVm, type MigrationTopology } from '../../core/migration/topology';
import { sameName } from '../../core/names';

export interface AdoptionInput {
  /** Each asked host's migration jobs (hosts that did not answer are left out). */
  readonly hosts: readonly { readonly host: string; readonly jobs: readonly HostMigrationJob[] }[];
  readonly topology: MigrationTopology;
  /** Host job InstanceIDs some record already follows. */
  readonly knownHostJobs: ReadonlySet<string>;
  /** VM ids (lower case) that already have a job not ended. */
  readonly busyVms: ReadonlySet<string>;
  readonly newId: () => string;
  readonly now: string;
}

/**
 * Moves running on the hosts that no record knows (started before a reload without a record, or from another
 * console) become jobs to follow to their end. Pure: the caller adds them, holds their slots and drives them.
 */
export function adoptHostJobs(input: AdoptionInput): MigrationJob[] {
  const out: MigrationJob[] = [];
  const taken = new Set(input.busyVms);
  for (const { host, jobs } of input.hosts) {
    for (const hj of jobs) {
      if (!isActiveJobState(hj.jobState) || input.knownHostJobs.has(hj.instanceId) || taken.has(hj.vmId)) continue;
      taken.add(hj.vmId);
      out.push(adopt(input, host, hj));
    }
  }
  return out;
}

function adopt(input: AdoptionInput, host: string, hj: HostMigrationJob): MigrationJob {
  const vm = findVm(input.topology, hj.vmId);
  const storage = isStorageJob(hj);
  const { kind, destination, step } = adoptedMove(input, host, hj);
  const at = hj.startTime ?? input.now;
  const name = vm?.name ?? hj.name ?? hj.vmId;
  return {
    id: input.newId(),
    kind,
    vm: { id: hj.vmId, name, host },
    sourceHost: host,
    destinationHost: destination,
    status: 'running',
    percent: hj.percent,
    steps: [{ action: step.action, host, status: 'running' }],
    currentStep: 0,
    hostJobId: hj.instanceId,
    hostRequestedAt: at,
    createdAt: at,
    startedAt: at,
    updatedAt: input.now,
    expectedState: vm?.state ?? '',
    adopted: true,
    plan: {
      kind,
      request: {
        vm: { id: hj.vmId, name, host },
        destination: storage ? { type: 'sameHost' } : { type: 'host', host: destination },
      },
      sourceHost: host,
      destinationHost: destination,
      steps: [step],
      rollback: [],
      slot: storage ? 'storage' : 'live',
      expectedState: vm?.state ?? '',
    },
  };
}

/** What kind of move the host job is, where it goes, and the one step that stands for it. */
function adoptedMove(
  input: AdoptionInput,
  host: string,
  hj: HostMigrationJob,
): { kind: MigrationJob['kind']; destination: string; step: PlanStep } {
  const vm = findVm(input.topology, hj.vmId);
  const storage = isStorageJob(hj);
  const srcInv = findHost(input.topology, host);
  // The job names the destination as Hyper-V was told (a computer name or FQDN): followed under the identity of the
  // loaded host it names, else under that name.
  const told = hj.destinationHost || '';
  const destInv = storage ? srcInv : findHostByAnyName(input.topology, told);
  const destination = storage ? host : (destInv?.host.name ?? told);
  const sameCluster =
    srcInv?.cluster !== undefined &&
    destInv?.cluster !== undefined &&
    sameName(srcInv.cluster.name, destInv.cluster.name);
  const clustered =
    !storage &&
    vm?.isClustered === true &&
    (sameCluster || srcInv?.cluster?.nodes.some((n) => sameName(n.name, told)) === true);
  const step: PlanStep = storage
    ? { action: 'moveStorage', host, storage: { mode: 'shared' }, retainSourceCopies: false }
    : clustered
      ? { action: 'moveClusterRole', host, node: destination, nodeName: told || undefined, migrationType: 'Live' }
      : {
          action: 'moveVm',
          host,
          destinationHost: destination,
          destinationName: told || undefined,
          storage: { mode: 'shared' },
          retainSourceCopies: false,
        };
  const kind = storage ? 'storage' : clustered ? 'clustered' : 'sharedNothing';
  return { kind, destination, step };
}
