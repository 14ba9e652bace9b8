import type { DrainProgress, MaintenanceMove } from './model';
import {
  isActiveJobState,
  jobStates,
  type HostMigrationJob,
  type HostMigrationSnapshot,
} from './operations/pollMigrations';
import { sameId, sameName } from '../names';

/**
 * A node's maintenance after one look at the hosts: the drain (its roles leaving the node, each a migration job on
 * the node) or the failback after a resume (the roles coming home, each a job on the node it went to). Pure.
 */

/** Each role's row from the migration jobs seen: the newest job of its VM decides. */
export function judgeMoves(
  moves: readonly MaintenanceMove[],
  jobs: readonly HostMigrationJob[],
  since?: string,
): MaintenanceMove[] {
  return moves.map((m) => {
    const mine = jobs
      .filter((j) => sameId(j.vmId, m.vmId))
      .filter(
        (j) => since === undefined || j.startTime === undefined || j.startTime >= since || isActiveJobState(j.jobState),
      )
      .sort((a, b) => (b.startTime ?? '').localeCompare(a.startTime ?? ''));
    const j = mine.find((x) => isActiveJobState(x.jobState)) ?? mine[0];
    if (!j) return m;
    const destination = j.destinationHost || m.destination;
    if (isActiveJobState(j.jobState))
      return { ...m, status: 'moving', percent: Math.max(0, Math.min(100, Math.round(j.percent))), destination };
    return j.jobState === jobStates.completed
      ? { ...m, status: 'moved', percent: 100, destination }
      : { ...m, status: 'failed', destination };
  });
}

/** The drain after one look at the cluster's nodes: paused, failed, resumed before it finished, or still going. */
export function judgeDrain<T extends DrainProgress>(d: T, snap: HostMigrationSnapshot, initial: number): T {
  const me = snap.nodes?.find((n) => sameName(n.name, d.node));
  const running = snap.jobs.filter((j) => isActiveJobState(j.jobState)).length;
  const percent = initial > 0 ? Math.round(((initial - Math.min(initial, running)) / initial) * 100) : 100;
  const status =
    me?.drainStatus === 'Completed'
      ? 'paused'
      : me?.drainStatus === 'Failed'
        ? 'failed'
        : me && me.state === 'Up' && me.drainStatus !== 'InProgress'
          ? 'resumed'
          : 'draining';
  let moves = d.moves ? judgeMoves(d.moves, snap.jobs, d.startedAt) : undefined;
  // The cluster says every role has left: a row never seen moving (a stopped VM moves at once) has moved too.
  if (moves && status === 'paused')
    moves = moves.map((m) =>
      m.status === 'waiting' || m.status === 'moving' ? { ...m, status: 'moved', percent: 100 } : m,
    );
  return {
    ...d,
    status,
    nodeState: me?.state ?? d.nodeState,
    drainStatus: me?.drainStatus ?? d.drainStatus,
    migrationsRunning: running,
    percent: status === 'paused' ? 100 : percent,
    error: undefined,
    ...(moves ? { moves } : {}),
  };
}

/**
 * The failback after a resume, from the jobs of the nodes the roles went to and the node's FailbackStatus: it ends
 * (status 'resumed') when the cluster says the failback completed or failed.
 */
export function judgeFailback<T extends DrainProgress>(
  d: T,
  jobs: readonly HostMigrationJob[],
  snap: HostMigrationSnapshot | undefined,
  since?: string,
): T {
  const me = snap?.nodes?.find((n) => sameName(n.name, d.node));
  let moves = judgeMoves(d.moves ?? [], jobs, since);
  const over =
    me?.failbackStatus === 'Completed' ||
    me?.failbackStatus === 'Failed' ||
    (me !== undefined && me.failbackStatus !== 'InProgress' && !moves.some((m) => m.status === 'moving'));
  if (over && me?.failbackStatus === 'Completed')
    moves = moves.map((m) =>
      m.status === 'waiting' || m.status === 'moving' ? { ...m, status: 'moved', percent: 100 } : m,
    );
  // Counted after the cluster's word: an ended failback has nothing running.
  const running = moves.filter((m) => m.status === 'moving').length;
  const done = moves.filter((m) => m.status === 'moved' || m.status === 'failed').length;
  return {
    ...d,
    status: over ? 'resumed' : 'failingBack',
    nodeState: me?.state ?? d.nodeState,
    migrationsRunning: running,
    percent: moves.length ? Math.round((done / moves.length) * 100) : 100,
    moves,
    error: me?.failbackStatus === 'Failed' ? 'The cluster reports the failback failed.' : undefined,
  };
}

/** Moves still under way in these records (counted in the status bar beside our own). */
export function maintenanceMovesRunning(records: readonly DrainProgress[]): number {
  return records
    .filter((d) => d.status === 'draining' || d.status === 'failingBack')
    .reduce(
      (n, d) =>
        n +
        (d.moves ? d.moves.filter((m) => m.status === 'moving' || m.status === 'waiting').length : d.migrationsRunning),
      0,
    );
}
