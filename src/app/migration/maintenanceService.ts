import { spreadByFreeMemory, evacuationRequests } from '../../core/migration/evacuation';
import type { DrainProgress, MigrationJob, MoveRequest, StoragePlacement } from '../../core/migration/model';

export type { DrainProgress };
import { resumeClusterNode, suspendClusterNode, type FailbackType } from '../../core/migration/operations/clusterNode';
import { isActiveJobState, type HostMigrationSnapshot, type NodeDrainInfo } from '../../core/migration/operations/pollMigrations';
import { findHost, sameName, type MigrationTopology } from '../../core/migration/topology';
import type { HostErrorInfo, HostRunner } from '../../engine/types';
import { Emitter } from '../events';
import type { TargetResolver } from './hostTargets';
import type { MigrationService } from './migrationService';
import type { HostWatcher } from './migrationTracker';

export interface MaintenanceDeps {
  readonly runner: () => HostRunner;
  readonly target: TargetResolver;
  readonly topology: () => MigrationTopology;
  readonly migrations: MigrationService;
  readonly timeoutMs?: number;
}

/**
 * Maintenance: evacuate a standalone host (its running VMs spread by free memory over chosen hosts, through the
 * migration queue) and drain / resume a cluster node (Suspend-ClusterNode -Drain, followed through the node's
 * DrainStatus and the migration jobs on the same tick as every other migration).
 */
export class MaintenanceService {
  private readonly drains = new Map<string, DrainProgress>();
  private readonly changed = new Emitter<DrainProgress>();
  readonly onDidChangeDrain = this.changed.event;

  constructor(private readonly deps: MaintenanceDeps) {}

  /** The moves an evacuation would make (for the UI to show before it starts). */
  planEvacuation(host: string, destinations: readonly string[], storage?: StoragePlacement): MoveRequest[] {
    const t = this.deps.topology();
    const src = findHost(t, host);
    if (!src) throw new Error(`${host} is not loaded.`);
    if (src.cluster) throw new Error(`${host} is a cluster node: drain it instead.`);
    const dests = destinations.map((d) => findHost(t, d)).filter((d): d is NonNullable<typeof d> => d !== undefined);
    return evacuationRequests(spreadByFreeMemory(src, dests), storage);
  }

  /** Starts the evacuation: every running VM queued for its destination; the queue keeps the host's limit. */
  evacuate(host: string, destinations: readonly string[], storage?: StoragePlacement): { jobs: MigrationJob[]; refused: { request: MoveRequest; reasons: string[] }[] } {
    return this.deps.migrations.startMany(this.planEvacuation(host, destinations, storage));
  }

  drain(cluster: string, node: string, targetNode?: string): Promise<DrainProgress> {
    return this.startDrain(cluster, node, targetNode);
  }

  async resume(node: string, failback: FailbackType = 'NoFailback'): Promise<NodeDrainInfo> {
    const t = await this.deps.target(node);
    return this.deps.runner().runOne(resumeClusterNode(node, failback), t, { timeoutMs: this.deps.timeoutMs ?? 120_000 });
  }

  /** Every drain this window started, latest state each. */
  allDrains(): DrainProgress[] {
    return [...this.drains.values()];
  }

  drainOf(node: string): DrainProgress | undefined {
    return this.drains.get(node.toLowerCase());
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async startDrain(cluster: string, node: string, targetNode?: string): Promise<DrainProgress> {
    const t = await this.deps.target(node);
    const initial = findHost(this.deps.topology(), node)?.vms.filter((v) => v.isClustered && v.state === 'Running').length ?? 0;
    const info = await this.deps.runner().runOne(suspendClusterNode(node, targetNode), t, { timeoutMs: this.deps.timeoutMs ?? 120_000 });
    let progress: DrainProgress = { cluster, node, status: 'draining', nodeState: info.state, drainStatus: info.drainStatus, migrationsRunning: 0, percent: 0 };
    const set = (p: DrainProgress): void => {
      progress = p;
      this.drains.set(node.toLowerCase(), p);
      this.changed.fire(p);
    };
    set(progress);
    const watcher: HostWatcher = {
      host: node,
      includeClusterNodes: true,
      onSnapshot: (snap: HostMigrationSnapshot) => {
        const me = snap.nodes?.find((n) => sameName(n.name, node));
        const running = snap.jobs.filter((j) => isActiveJobState(j.jobState)).length;
        const left = Math.max(running, 0);
        const percent = initial > 0 ? Math.round(((initial - Math.min(initial, left)) / initial) * 100) : 100;
        const status = me?.drainStatus === 'Completed' ? 'paused' : me?.drainStatus === 'Failed' ? 'failed' : 'draining';
        set({ ...progress, status, nodeState: me?.state, drainStatus: me?.drainStatus, migrationsRunning: running, percent: status === 'paused' ? 100 : percent });
        if (status !== 'draining') sub.dispose();
        return undefined;
      },
      onError: (e: HostErrorInfo) => set({ ...progress, error: e.message }),
    };
    const sub = this.deps.migrations.tracker.watch(watcher);
    return progress;
  }
}
