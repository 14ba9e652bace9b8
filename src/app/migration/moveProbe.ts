import { destinationOf, type PlanStep } from '../../core/migration/planSteps';
import { locateVm, type VmPresence } from '../../core/migration/operations/locateVm';
import {
  isActiveJobState,
  pollMigrations,
  type HostMigrationJob,
} from '../../core/migration/operations/pollMigrations';
import type { HostCalls, Outcome } from './hostCalls';
import { sameId, sameName } from '../../core/names';

/** Host clocks and ours differ; a job that started this long before our request still counts as its trace. */
const skewMs = 10_000;

/** What the hosts say about one moving step: the source's migration jobs of the VM, and where the VM is. */
export interface MoveProbe {
  readonly source: string;
  readonly destination: string;
  /** The source's migration jobs of this VM. */
  readonly jobs: Outcome<readonly HostMigrationJob[]>;
  readonly atSource: Outcome<VmPresence>;
  /** Absent when the move stays on one host (storage). */
  readonly atDestination?: Outcome<VmPresence>;
}

/** Asks the source for its migration jobs and both hosts where the VM is (two requests). */
export async function probeMove(calls: HostCalls, vmId: string, step: PlanStep): Promise<MoveProbe> {
  const source = step.host;
  const destination = destinationOf(step);
  const sameHost = sameName(source, destination);
  // On the urgent lane, as the tracker's polls: learning a move's outcome never waits behind a refresh.
  const polled = await calls.one(pollMigrations(), source, 'urgent');
  const jobs: Outcome<readonly HostMigrationJob[]> = polled.ok
    ? { ok: true, value: polled.value.jobs.filter((j) => sameId(j.vmId, vmId)) }
    : polled;
  const where = await calls.many(locateVm(vmId, true), sameHost ? [source] : [source, destination], 'urgent');
  return {
    source,
    destination,
    jobs,
    atSource: seenOn(where[0]!, source),
    atDestination: sameHost ? undefined : seenOn(where[1]!, destination),
  };
}

/** Where the VM was seen, named as the inventory names that host (its identity), not as the host names itself. */
export function seenOn(o: Outcome<VmPresence>, host: string): Outcome<VmPresence> {
  return o.ok ? { ok: true, value: { ...o.value, host } } : o;
}

/** The host job that is this request's trace: one still running, or one that started since the request (less skew). */
export function traceOf(
  jobs: readonly HostMigrationJob[],
  sentAt: string,
  known?: string,
): HostMigrationJob | undefined {
  if (known) {
    const k = jobs.find((j) => j.instanceId === known);
    if (k) return k;
  }
  const since = Date.parse(sentAt) - skewMs;
  const active = jobs.find((j) => isActiveJobState(j.jobState));
  if (active) return active;
  return jobs
    .filter((j) => j.startTime !== undefined && Date.parse(j.startTime) >= since)
    .sort((a, b) => (b.startTime ?? '').localeCompare(a.startTime ?? ''))[0];
}

export function presence(o: Outcome<VmPresence> | undefined): VmPresence | undefined {
  return o?.ok ? o.value : undefined;
}
