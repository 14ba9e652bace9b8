import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../core/clock';
import { evacuationRequests, evacuationVms } from '../../core/migration/evacuation';
import type { PlacementFactsByHost } from '../../core/migration/rating/placementFacts';
import { spreadByRating, type Unplaced } from '../../core/migration/rating/placementSpread';
import {
  type DrainProgress,
  type MaintenanceMove,
  type MigrationJob,
  type MoveRequest,
  type StoragePlacement,
} from '../../core/migration/model';
import { resumeClusterNode, suspendClusterNode, type FailbackType } from '../../core/migration/operations/clusterNode';
import type { NodeDrainInfo } from '../../core/migration/operations/pollMigrations';
import { clusterNodeName, clusterNodes, findHost, findVm, type MigrationTopology } from '../../core/migration/topology';
import type { HostRunner } from '../../contract/hostRunner';
import { Emitter } from '../events';
import { DrainFollowers, isOver } from './drainFollowers';
import { MemoryHistoryStore, type HistoryStore } from './historyStore';
import type { TargetResolver } from './hostTargets';
import { silentLog, type MigrationLog } from './jobStore';
import type { MigrationService } from './migrationService';
import { errorMessage } from '../../contract/errorMessage';
import { nameKey, sameId, sameName } from '../../core/names';

export interface EvacuationOptions {
  /** The VMs that move (default: the running ones that are not cluster roles). */
  readonly vmIds?: readonly string[];
  readonly storage?: StoragePlacement;
  /** A round of placement facts (PlacementService.readFacts); without it the rating reads the inventory alone. */
  readonly facts?: PlacementFactsByHost;
}

export interface EvacuationPlan {
  readonly requests: MoveRequest[];
  /** VMs no destination suits, with the reason: they stay. */
  readonly unplaced: readonly Unplaced[];
}

/** A drain as history keeps it. */
export type DrainRecord = DrainProgress & { readonly id: string };

export interface MaintenanceDeps {
  readonly runner: () => HostRunner;
  readonly target: TargetResolver;
  readonly topology: () => MigrationTopology;
  readonly migrations: MigrationService;
  /** Every request's limit; absent: the engine's default, from the user's setting. */
  readonly timeoutMs?: number;
  /** Where drains are kept across reloads (default: in memory only). */
  readonly history?: HistoryStore<DrainRecord>;
  readonly clock?: Clock;
  readonly log?: MigrationLog;
  /** How long a draining node may not answer before its drain ends as failed (default 5 minutes). */
  readonly unreachableLimitMs?: number;
}

/**
 * Maintenance: evacuate a standalone host (its running VMs spread by placement rating over chosen hosts, through the
 * migration queue) and drain / resume a cluster node (Suspend-ClusterNode -Drain, followed through the node's
 * DrainStatus and the migration jobs on the same tick as every other migration). A drain is kept in history; it
 * ends when the node is paused (drained), the drain failed, the node was resumed before it finished (from here or
 * elsewhere), or the node did not answer for too long. A node is never drained twice at once.
 */
export class MaintenanceService {
  private readonly drains = new Map<string, DrainRecord>();
  private readonly followers: DrainFollowers;
  private readonly changed = new Emitter<DrainProgress>();
  private readonly history: HistoryStore<DrainRecord>;
  private readonly clock: Clock;
  private readonly log: MigrationLog;
  private restored: Promise<void> | undefined;
  readonly onDidChangeDrain = this.changed.event;

  constructor(private readonly deps: MaintenanceDeps) {
    this.history = deps.history ?? new MemoryHistoryStore<DrainRecord>();
    this.clock = deps.clock ?? systemClock;
    this.log = deps.log ?? silentLog;
    this.followers = new DrainFollowers({
      tracker: deps.migrations.tracker,
      current: (id) => [...this.drains.values()].find((d) => d.id === id),
      set: (d, persist) => this.set(d, persist),
      iso: () => this.iso(),
      unreachableLimitMs: deps.unreachableLimitMs ?? 300_000,
    });
  }

  /**
   * The moves an evacuation would make (for the UI to show before it starts): the chosen VMs (default: the running
   * ones that are not cluster roles) spread by their placement rating (placementSpread.ts), each rated with what the
   * plan already sent to each destination; `facts` is a round of placement facts when one was read. A VM no
   * destination suits is not moved and says why. A cluster node's VMs that are not roles can be moved off it this way
   * too (beside a drain); they stay VMs that are not roles.
   */
  planEvacuation(host: string, destinations: readonly string[], options: EvacuationOptions = {}): EvacuationPlan {
    const t = this.deps.topology();
    const src = findHost(t, host);
    if (!src) throw new Error(`${host} is not loaded.`);
    const { vmIds, storage, facts } = options;
    if (src.cluster && !vmIds) throw new Error(`${host} is a cluster node: drain it instead.`);
    const dests = destinations.map((d) => findHost(t, d)).filter((d): d is NonNullable<typeof d> => d !== undefined);
    const chosen = vmIds
      ? src.vms.filter((v) => vmIds.some((id) => sameId(id, v.id)) && !v.isClustered)
      : evacuationVms(src);
    const spread = spreadByRating({ topology: t, facts }, chosen, dests);
    return { requests: evacuationRequests(spread.assignments, t, storage), unplaced: spread.unplaced };
  }

  /** Starts the evacuation: every VM placed queued for its destination; the queue keeps the host's limit. */
  evacuate(
    host: string,
    destinations: readonly string[],
    storage?: StoragePlacement,
  ): { jobs: MigrationJob[]; refused: { request: MoveRequest; reasons: string[] }[] } {
    return this.deps.migrations.startMany(this.planEvacuation(host, destinations, { storage }).requests);
  }

  /** Drains the node; refused while a drain of it is under way. */
  async drain(cluster: string, node: string, targetNode?: string): Promise<DrainProgress> {
    await this.restore();
    const running = this.drainOf(node);
    if (running && !isOver(running)) throw new Error(`${node} is already being drained.`);
    const t = await this.deps.target(node);
    const roles = findHost(this.deps.topology(), node)?.vms.filter((v) => v.isClustered) ?? [];
    const initial = roles.filter((v) => v.state === 'Running').length;
    const moves: MaintenanceMove[] = roles.map((v) => ({ vmId: v.id, vmName: v.name, status: 'waiting', percent: 0 }));
    // Claimed before the request goes out: a second click while it is on its way is refused too.
    const now = this.iso();
    const record: DrainRecord = {
      id: randomUUID(),
      cluster,
      node,
      status: 'draining',
      migrationsRunning: initial,
      percent: 0,
      startedAt: now,
      updatedAt: now,
      moves,
    };
    this.drains.set(nameKey(node), record);
    let info: NodeDrainInfo;
    try {
      const names = (n: string): string => clusterNodeName(this.deps.topology(), n);
      info = await this.deps.runner().runOne(suspendClusterNode(names(node), targetNode && names(targetNode)), t, {
        timeoutMs: this.deps.timeoutMs,
      });
    } catch (e) {
      // The drain never began: its claim goes, and the caller shows the error (as it always did).
      this.drains.delete(nameKey(node));
      if (running) this.drains.set(nameKey(node), { ...running, id: running.id ?? record.id });
      throw e;
    }
    this.set({ ...record, nodeState: info.state, drainStatus: info.drainStatus }, true);
    this.followers.follow(record.id, initial);
    return this.drains.get(nameKey(node))!;
  }

  /**
   * Resumes the node. Its drain's record says so at once (never "paused" after a resume); with an immediate failback
   * the roles the drain moved are followed home, one row each, from the nodes they went to, until the cluster says
   * the failback ended.
   */
  async resume(node: string, failback: FailbackType = 'NoFailback'): Promise<NodeDrainInfo> {
    await this.restore();
    const t = await this.deps.target(node);
    // Taken before the request: the failback's jobs start while it is on its way, and a job that started before
    // this time is an older move of the same VM (judgeMoves), so a fast failback would never be seen to end.
    const now = this.iso();
    const info = await this.deps
      .runner()
      .runOne(resumeClusterNode(clusterNodeName(this.deps.topology(), node), failback), t, {
        timeoutMs: this.deps.timeoutMs,
      });
    const d = this.drains.get(nameKey(node));
    if (!d) return info;
    this.followers.stop(d.id);
    const away = (d.moves ?? []).filter((m) => m.status === 'moved' && m.destination && !sameName(m.destination, node));
    if (failback === 'Immediate' && away.length) {
      const moves = away.map((m) => ({ ...m, status: 'waiting' as const, percent: 0, destination: node }));
      const from = [...new Set(away.map((m) => m.destination!))];
      // Only running (or paused) roles make live migrations; one that is off or saved moves offline, at once.
      const live = away.filter((m) =>
        ['Running', 'Paused'].includes(findVm(this.deps.topology(), m.vmId)?.state ?? 'Running'),
      ).length;
      this.set(
        {
          ...d,
          status: 'failingBack',
          nodeState: info.state,
          drainStatus: info.drainStatus,
          startedAt: now,
          endedAt: undefined,
          moves,
          migrationsRunning: live,
          percent: 0,
          error: undefined,
        },
        true,
      );
      this.followers.followFailback(d.id, from);
    } else {
      this.set(
        {
          ...d,
          status: 'resumed',
          nodeState: info.state,
          drainStatus: info.drainStatus,
          endedAt: d.endedAt ?? this.iso(),
          error: undefined,
        },
        true,
      );
    }
    return info;
  }

  /** Drains from history (once): those still under way are followed again. */
  restore(): Promise<void> {
    this.restored ??= this.history.load().then(
      (records) => {
        for (const r of records) {
          const known = this.drains.get(nameKey(r.node));
          if (known && known.id !== r.id && (known.startedAt ?? '') > (r.startedAt ?? '')) continue;
          // Ended drains are shown, not announced again; those under way are followed to an end heard now.
          if (isOver(r)) this.drains.set(nameKey(r.node), r);
          else if (r.status === 'failingBack') {
            this.set(r, false);
            // The nodes the roles went to: the cluster's other nodes (the node itself tells the FailbackStatus).
            const others = clusterNodes(this.deps.topology(), r.cluster).filter((n) => !sameName(n, r.node));
            this.followers.followFailback(r.id, [r.node, ...others]);
          } else {
            this.set(r, false);
            this.followers.follow(r.id, r.migrationsRunning);
          }
        }
      },
      (e: unknown) => this.log.error(`Drain history could not be read: ${errorMessage(e)}`),
    );
    return this.restored;
  }

  /** Every drain known, latest state each (one per node). */
  allDrains(): DrainProgress[] {
    return [...this.drains.values()];
  }

  drainOf(node: string): DrainProgress | undefined {
    return this.drains.get(nameKey(node));
  }

  dispose(): void {
    this.followers.dispose();
    this.changed.dispose();
  }

  private set(d: DrainRecord, persist: boolean): void {
    const record = { ...d, updatedAt: this.iso() };
    this.drains.set(nameKey(d.node), record);
    this.changed.fire(record);
    if (persist)
      this.history
        .put(record)
        .catch((e: unknown) => this.log.error(`Saving the drain of ${d.node} failed: ${errorMessage(e)}`));
  }

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
