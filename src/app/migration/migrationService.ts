import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../core/migration/clock';
import { transition, type JobEvent } from '../../core/migration/jobState';
import { isFinal, type MigrationJob, type MigrationPlan, type MoveRequest, type PlanStep, type VmWhereabouts } from '../../core/migration/model';
import { cancelClusterRoleMove } from '../../core/migration/operations/cancelClusterRoleMove';
import { cancelMigration } from '../../core/migration/operations/cancelMigration';
import { addClusterRole, removeClusterRole } from '../../core/migration/operations/clusterRole';
import { locateVm, type VmPresence } from '../../core/migration/operations/locateVm';
import { isActiveJobState, pollMigrations } from '../../core/migration/operations/pollMigrations';
import { startClusterRoleMove } from '../../core/migration/operations/startClusterRoleMove';
import { startMove } from '../../core/migration/operations/startMove';
import { startStorageMove } from '../../core/migration/operations/startStorageMove';
import type { StartResult } from '../../core/migration/operations/startResult';
import { mayStart, type PreflightReport } from '../../core/migration/preflight';
import { MigrationQueue, type QueueItem } from '../../core/migration/queue';
import { planMove, type PlanResult } from '../../core/migration/rules';
import { findHost, findVm, sameName, type MigrationTopology } from '../../core/migration/topology';
import { judgeMove, whereabouts } from '../../core/migration/verification';
import type { HostOperation } from '../../core/operations/hostOperation';
import { HostError, type HostRunner } from '../../engine/types';
import { Emitter } from '../events';
import type { HistoryStore } from './historyStore';
import { HostJobFollower, type HostJobEnd } from './hostJobFollower';
import type { TargetResolver } from './hostTargets';
import { MigrationTracker } from './migrationTracker';
import { PreflightRunner } from './preflightRunner';

export interface MigrationServiceDeps {
  readonly runner: () => HostRunner;
  readonly target: TargetResolver;
  readonly topology: () => MigrationTopology;
  readonly history: HistoryStore;
  readonly clock?: Clock;
  /** Usual time between progress ticks (default 2000 ms). */
  readonly pollIntervalMs?: number;
  /** Shortest time between ticks (default 200 ms). */
  readonly minPollIntervalMs?: number;
  readonly timeoutMs?: number;
  readonly newId?: () => string;
  /** How many finished records history keeps (default 200). */
  readonly historyLimit?: number;
  readonly onTick?: (hosts: readonly string[]) => void;
}

export interface StartOptions {
  /** The preflight the user saw; a start with errors in it is refused, warnings need acceptance. */
  readonly preflight?: PreflightReport;
  readonly acceptWarnings?: boolean;
}

const defaultLimit = 2;
/** A host's count of foreign moves is trusted this long. */
const loadFreshMs = 10_000;
/** Longest wait for a host's first answer before starting on it anyway. */
const loadWaitMs = 15_000;

/**
 * The migration engine's use cases, without VS Code: plan a move, preflight it, start it through the per-source-host
 * queue, follow it on the host, cancel it, verify its end on the hosts, keep history across restarts, and after a
 * reload find migrations still running on the hosts and follow them to their end.
 */
export class MigrationService {
  private readonly jobsById = new Map<string, MigrationJob>();
  private readonly order: string[] = [];
  private readonly changed = new Emitter<MigrationJob>();
  private readonly cleared = new Emitter<void>();
  private readonly followers = new Map<string, { dispose(): void }>();
  private readonly clock: Clock;
  private readonly queue: MigrationQueue;
  readonly tracker: MigrationTracker;
  private readonly preflightRunner: PreflightRunner;
  private saving: Promise<void> = Promise.resolve();
  private historyLoad: Promise<readonly MigrationJob[]> | undefined;
  /** In-flight records are followed again by the first restore only. */
  private resumed = false;
  private readonly running = new Set<Promise<void>>();
  private readonly loadWatchers = new Map<string, { dispose(): void }>();
  private readonly loadSeenAt = new Map<string, number>();

  /** Fires with a job whenever it changes (progress included). */
  readonly onDidChange = this.changed.event;
  /** Fires when finished moves were forgotten. */
  readonly onDidClear = this.cleared.event;

  constructor(private readonly deps: MigrationServiceDeps) {
    this.clock = deps.clock ?? systemClock;
    this.queue = new MigrationQueue((item) => this.limitFor(item), this.clock);
    this.tracker = new MigrationTracker({
      runner: deps.runner,
      target: deps.target,
      clock: this.clock,
      intervalMs: deps.pollIntervalMs ?? 2000,
      minIntervalMs: deps.minPollIntervalMs ?? 200,
      timeoutMs: deps.timeoutMs ?? 30_000,
      onTick: deps.onTick,
    });
    this.preflightRunner = new PreflightRunner({ runner: deps.runner, target: deps.target, timeoutMs: deps.timeoutMs ?? 60_000, clock: this.clock });
  }

  // ---- planning ----------------------------------------------------------------------------------------------

  /** Which kind of move this is and its steps, or why it is not allowed. */
  plan(request: MoveRequest): PlanResult {
    return planMove(request, this.deps.topology());
  }

  /** Checks the move on both hosts (one round trip each, in one request) and returns the readable report. */
  preflight(plan: MigrationPlan): Promise<PreflightReport> {
    return this.preflightRunner.run(plan);
  }

  // ---- starting ----------------------------------------------------------------------------------------------

  /** Queues the move; it starts when its source host has a free slot. Returns the job as queued. */
  start(plan: MigrationPlan, options: StartOptions = {}): MigrationJob {
    if (options.preflight && !mayStart(options.preflight, options.acceptWarnings ?? false)) {
      throw new Error('The preflight found problems that block this move (or warnings not accepted).');
    }
    const vmKey = plan.request.vm.id.toLowerCase();
    const busy = [...this.jobsById.values()].find((j) => !isFinal(j.status) && j.vm.id.toLowerCase() === vmKey);
    if (busy) throw new Error(`${plan.request.vm.name} already has a migration ${busy.status}.`);
    const now = this.iso();
    const job: MigrationJob = {
      id: (this.deps.newId ?? randomUUID)(),
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
      expectedState: plan.expectedState,
      expectedDiskPaths: plan.expectedDiskPaths,
      plan,
    };
    this.put(job, true);
    this.queue.enqueue({ id: job.id, sourceHost: plan.sourceHost, slot: plan.slot });
    this.pump();
    return job;
  }

  /** Plans and queues many moves (an evacuation); moves that cannot be planned come back with their reasons. */
  startMany(requests: readonly MoveRequest[]): { jobs: MigrationJob[]; refused: { request: MoveRequest; reasons: string[] }[] } {
    const jobs: MigrationJob[] = [];
    const refused: { request: MoveRequest; reasons: string[] }[] = [];
    for (const r of requests) {
      const p = this.plan(r);
      if (!p.ok) refused.push({ request: r, reasons: p.problems.map((x) => x.message) });
      else jobs.push(this.start(p.plan));
    }
    return { jobs, refused };
  }

  // ---- observing ---------------------------------------------------------------------------------------------

  job(id: string): MigrationJob | undefined {
    return this.jobsById.get(id);
  }

  /** Every job known: running first, then history newest first. */
  jobs(): MigrationJob[] {
    const all = this.order.map((id) => this.jobsById.get(id)!).filter(Boolean);
    return [...all.filter((j) => !isFinal(j.status)), ...all.filter((j) => isFinal(j.status)).reverse()];
  }

  history(): MigrationJob[] {
    return this.jobs().filter((j) => isFinal(j.status));
  }

  /** Forgets finished moves (history); running ones stay. */
  clearFinished(): Promise<void> {
    for (const id of [...this.order]) {
      const j = this.jobsById.get(id);
      if (j && isFinal(j.status)) {
        this.jobsById.delete(id);
        this.order.splice(this.order.indexOf(id), 1);
      }
    }
    this.persist();
    this.cleared.fire();
    return this.saving;
  }

  /** Place in its host's queue (1 = next), for a queued job. */
  queuePosition(id: string): number | undefined {
    return this.queue.position(id);
  }

  /** Resolves when the job has reached its end. */
  whenDone(id: string): Promise<MigrationJob> {
    const j = this.jobsById.get(id);
    if (!j) return Promise.reject(new Error(`No migration ${id}.`));
    if (isFinal(j.status)) return Promise.resolve(j);
    return new Promise((resolve) => {
      const sub = this.onDidChange((x) => {
        if (x.id === id && isFinal(x.status)) {
          sub.dispose();
          resolve(x);
        }
      });
    });
  }

  // ---- cancelling --------------------------------------------------------------------------------------------

  /** Cancels: a queued move never starts; a running one is terminated on its host (the VM stays where it was). */
  async cancel(id: string): Promise<void> {
    const job = this.jobsById.get(id);
    if (!job || isFinal(job.status) || job.status === 'cancelling' || job.status === 'verifying' || job.status === 'rollingBack') return;
    if (job.status === 'queued') {
      this.queue.remove(id);
      this.apply(id, { type: 'cancelRequested' });
      return;
    }
    this.apply(id, { type: 'cancelRequested' });
    const step = job.plan?.steps[job.currentStep];
    const moving = step && (step.action === 'moveVm' || step.action === 'moveStorage' || step.action === 'moveClusterRole');
    if (!moving || !job.hostRequestedAt) return; // the executor stops before the move starts
    const t = await this.deps.target(step.host);
    try {
      if (step.action === 'moveClusterRole') await this.deps.runner().runOne(cancelClusterRoleMove(job.vm.id), t, { timeoutMs: this.deps.timeoutMs ?? 60_000, lane: 'urgent' });
      else await this.deps.runner().runOne(cancelMigration(job.vm.id, this.jobsById.get(id)?.hostJobId), t, { timeoutMs: this.deps.timeoutMs ?? 60_000, lane: 'urgent' });
    } catch (e) {
      // The move goes on; its end is still read from the host.
      this.note(id, `Cancel was refused: ${message(e)}`);
    }
    this.tracker.pollSoon();
  }

  // ---- after a reload ----------------------------------------------------------------------------------------

  /** Loads the history records (no host is asked); once, whoever asks first. */
  loadHistory(): Promise<readonly MigrationJob[]> {
    this.historyLoad ??= this.deps.history.load().then((records) => {
      for (const r of records) if (!this.jobsById.has(r.id)) this.put(r, false);
      return records;
    });
    return this.historyLoad;
  }

  /**
   * Loads history, re-follows the moves that were in flight (the first time), and finds moves still running on these
   * hosts (Msvm_MigrationJob JobState 4) that no record knows, in one request, and follows them to their end.
   */
  async restore(hosts: readonly string[]): Promise<MigrationJob[]> {
    const records = await this.loadHistory();
    const resumed: MigrationJob[] = [];
    const first = !this.resumed;
    this.resumed = true;
    for (const r of first ? records.filter((x) => !isFinal(x.status)) : []) {
      if (r.status === 'queued' && r.plan) {
        this.queue.enqueue({ id: r.id, sourceHost: r.plan.sourceHost, slot: r.plan.slot });
      } else if (r.hostRequestedAt || r.hostJobId) {
        resumed.push(r);
        if (r.plan) this.queue.occupy({ id: r.id, sourceHost: r.plan.sourceHost, slot: r.plan.slot });
        this.track(this.execute(r.id, true));
      } else {
        // It was between steps when the product stopped; what is on the hosts decides.
        resumed.push(r);
        this.track(this.execute(r.id, true));
      }
    }
    const known = new Set(records.filter((r) => r.hostJobId).map((r) => r.hostJobId!));
    const targets = await Promise.all(hosts.map((h) => this.deps.target(h)));
    const results = targets.length ? await this.deps.runner().run(pollMigrations(), targets, { timeoutMs: this.deps.timeoutMs ?? 30_000 }) : [];
    const topology = this.deps.topology();
    results.forEach((res, i) => {
      if (!res.ok) return;
      const host = hosts[i]!;
      for (const hj of res.value.jobs) {
        if (!isActiveJobState(hj.jobState) || known.has(hj.instanceId)) continue;
        if ([...this.jobsById.values()].some((j) => !isFinal(j.status) && j.vm.id.toLowerCase() === hj.vmId)) continue;
        const vm = findVm(topology, hj.vmId);
        const storage = hj.jobType === 307;
        const srcInv = findHost(topology, host);
        const destination = storage ? host : hj.destinationHost || '';
        const clustered = !storage && vm?.isClustered === true && srcInv?.cluster?.nodes.some((n) => sameName(n.name, destination)) === true;
        const step: PlanStep = storage
          ? { action: 'moveStorage', host, storage: { mode: 'shared' }, retainSourceCopies: false }
          : clustered
            ? { action: 'moveClusterRole', host, node: destination, migrationType: 'Live' }
            : { action: 'moveVm', host, destinationHost: destination, storage: { mode: 'shared' }, retainSourceCopies: false };
        const now = this.iso();
        const job: MigrationJob = {
          id: (this.deps.newId ?? randomUUID)(),
          kind: storage ? 'storage' : clustered ? 'clustered' : 'sharedNothing',
          vm: { id: hj.vmId, name: vm?.name ?? hj.name ?? hj.vmId, host },
          sourceHost: host,
          destinationHost: destination,
          status: 'running',
          percent: hj.percent,
          steps: [{ action: step.action, host, status: 'running' }],
          currentStep: 0,
          hostJobId: hj.instanceId,
          hostRequestedAt: hj.startTime ?? now,
          createdAt: hj.startTime ?? now,
          startedAt: hj.startTime ?? now,
          expectedState: vm?.state ?? '',
          adopted: true,
          plan: {
            kind: storage ? 'storage' : clustered ? 'clustered' : 'sharedNothing',
            request: { vm: { id: hj.vmId, name: vm?.name ?? hj.vmId, host }, destination: storage ? { type: 'sameHost' } : { type: 'host', host: destination } },
            sourceHost: host,
            destinationHost: destination,
            steps: [step],
            rollback: [],
            slot: storage ? 'storage' : 'live',
            expectedState: vm?.state ?? '',
          },
        };
        this.put(job, true);
        resumed.push(job);
        this.queue.occupy({ id: job.id, sourceHost: host, slot: job.plan!.slot });
        this.track(this.execute(job.id, true));
      }
    });
    this.pump();
    return resumed;
  }

  /** Waits for every move this service drives (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  dispose(): void {
    this.tracker.dispose();
    for (const f of this.followers.values()) f.dispose();
    for (const w of this.loadWatchers.values()) w.dispose();
    this.changed.dispose();
    this.cleared.dispose();
  }

  // ---- execution ---------------------------------------------------------------------------------------------

  private limitFor(item: QueueItem): number {
    const h = findHost(this.deps.topology(), item.sourceHost);
    if (!h) return defaultLimit;
    if (item.slot === 'storage') return h.host.maximumStorageMigrations ?? defaultLimit;
    // A cluster's MaximumParallelMigrations overrides its nodes' own limit.
    return h.cluster?.maximumParallelMigrations ?? h.host.maximumVirtualMachineMigrations ?? defaultLimit;
  }

  private pump(): void {
    this.watchLoad();
    for (const item of this.queue.takeReady()) {
      const job = this.jobsById.get(item.id);
      if (!job || job.status !== 'queued') {
        this.queue.release(item.id);
        continue;
      }
      this.apply(item.id, { type: 'dequeued' });
      this.track(this.execute(item.id, false));
    }
  }

  /**
   * While moves wait for a host, its answers on each tick also say how many moves run there that this service did
   * not start (another console, another window): they hold slots too.
   */
  private watchLoad(): void {
    const waiting = new Set(this.queue.waitingHosts().map((h) => h.toLowerCase()));
    for (const [host, sub] of this.loadWatchers) {
      if (!waiting.has(host)) {
        sub.dispose();
        this.loadWatchers.delete(host);
      }
    }
    for (const host of this.queue.waitingHosts()) {
      if (this.loadWatchers.has(host.toLowerCase())) continue;
      // Until the host has said what already runs there, start nothing on it (bounded, should it not answer).
      const seen = this.loadSeenAt.get(host.toLowerCase());
      if (seen === undefined || this.clock.now() - seen > loadFreshMs) this.queue.deferHost(host, loadWaitMs);
      this.loadWatchers.set(
        host.toLowerCase(),
        this.tracker.watch({
          host,
          onSnapshot: (snap) => {
            const ours = new Set([...this.jobsById.values()].filter((j) => !isFinal(j.status) && j.hostJobId).map((j) => j.hostJobId!));
            const oursByVm = new Set([...this.jobsById.values()].filter((j) => !isFinal(j.status)).map((j) => j.vm.id.toLowerCase()));
            const others = snap.jobs.filter((j) => isActiveJobState(j.jobState) && !ours.has(j.instanceId) && !oursByVm.has(j.vmId));
            this.queue.setExternal(host, 'storage', others.filter((j) => j.jobType === 307).length);
            this.queue.setExternal(host, 'live', others.filter((j) => j.jobType !== 307).length);
            this.loadSeenAt.set(host.toLowerCase(), this.clock.now());
            this.queue.undefer(host);
            this.pump();
            return undefined;
          },
          onError: () => undefined,
        }),
      );
    }
  }

  private track(p: Promise<void>): void {
    const q = p.finally(() => this.running.delete(q));
    this.running.add(q);
  }

  private async execute(id: string, resuming: boolean): Promise<void> {
    try {
      await this.runSteps(id, resuming);
    } catch (e) {
      const j = this.jobsById.get(id);
      if (j && !isFinal(j.status)) this.apply(id, { type: 'failed', error: message(e), errorId: e instanceof HostError ? e.info.fullyQualifiedErrorId : undefined });
    } finally {
      this.queue.release(id);
      this.followers.get(id)?.dispose();
      this.followers.delete(id);
      this.pump();
    }
  }

  private async runSteps(id: string, resuming: boolean): Promise<void> {
    const plan = this.jobsById.get(id)!.plan!;
    let removedRole = false;
    for (let i = this.jobsById.get(id)!.currentStep; i < plan.steps.length; i++) {
      const step = plan.steps[i]!;
      const job = this.jobsById.get(id)!;
      if (step.action === 'addClusterRole' && i > 0) removedRole = false; // the VM is at the destination now
      if (job.cancelRequested && !(resuming && i === job.currentStep && job.hostRequestedAt)) {
        // Cancelled between steps: nothing is moving; put back what was undone and stop.
        if (removedRole || (resuming && plan.steps.slice(0, i).some((s) => s.action === 'removeClusterRole'))) {
          await this.rollBack(id, plan);
          return;
        }
        this.apply(id, { type: 'stopped' });
        return;
      }
      if (step.action === 'removeClusterRole' || step.action === 'addClusterRole') {
        if (resuming && i === job.currentStep && job.steps[i]?.status === 'done') continue;
        this.apply(id, { type: 'stepStarted', index: i });
        try {
          const op = step.action === 'removeClusterRole' ? removeClusterRole(job.vm.id) : addClusterRole(job.vm.id, job.vm.name);
          const r = await this.runOne(op, step.host);
          this.apply(id, { type: 'stepDone', index: i, message: r.groupName ? `${step.action === 'removeClusterRole' ? 'Removed' : 'Added'} role ${r.groupName}` : undefined });
          if (step.action === 'removeClusterRole') removedRole = true;
        } catch (e) {
          this.apply(id, { type: 'stepFailed', index: i, message: message(e) });
          const where = await this.locate(job.vm.id, [plan.sourceHost, plan.destinationHost]);
          this.apply(id, { type: 'failed', error: message(e), errorId: e instanceof HostError ? e.info.fullyQualifiedErrorId : undefined, location: where });
          return;
        }
        continue;
      }
      // The moving step.
      if (!(resuming && i === job.currentStep && (job.hostRequestedAt || job.hostJobId))) {
        this.apply(id, { type: 'stepStarted', index: i });
        let started: StartResult;
        try {
          started = await this.runOne(this.startOperation(job, step), step.host);
        } catch (e) {
          this.apply(id, { type: 'stepFailed', index: i, message: message(e) });
          if (removedRole) {
            this.note(id, message(e));
            await this.rollBack(id, plan);
          } else {
            const where = await this.locate(job.vm.id, [plan.sourceHost]);
            this.apply(id, { type: 'failed', error: message(e), errorId: e instanceof HostError ? e.info.fullyQualifiedErrorId : undefined, location: where });
          }
          return;
        }
        this.apply(id, { type: 'started', hostJobId: started.hostJobId, requestedAt: started.requestedAt });
        if (this.jobsById.get(id)!.cancelRequested) void this.cancelOnHost(id, step);
      }
      const end = await this.follow(id, step.host);
      // The host's slot is free as soon as its job ended: start the next move before verifying this one.
      this.queue.release(id);
      this.pump();
      if (this.jobsById.get(id)!.status === 'running' || this.jobsById.get(id)!.status === 'cancelling') {
        this.apply(id, { type: 'hostEnded', error: end.error, errorId: end.errorId });
      }
      const last = i === plan.steps.length - 1;
      const verdict = await this.verifyMove(id, plan, step);
      if (!verdict.ok) {
        this.apply(id, { type: 'stepFailed', index: i, message: verdict.reason });
        const hadRole = removedRole || plan.steps.slice(0, i).some((s) => s.action === 'removeClusterRole');
        if (hadRole && verdict.atSource) {
          if (!this.jobsById.get(id)!.error) this.note(id, verdict.reason);
          await this.rollBack(id, plan, verdict.location);
        } else {
          this.apply(id, { type: 'notVerified', location: verdict.location, error: verdict.reason });
        }
        return;
      }
      this.apply(id, { type: 'stepDone', index: i });
      this.apply(id, last ? { type: 'verified', location: verdict.location } : { type: 'resumed', location: verdict.location });
      if (last) return;
      removedRole = false;
    }
    // Steps after the move (a cluster role at the destination) are done: confirm the end on the destination.
    const job = this.jobsById.get(id)!;
    if (!isFinal(job.status)) {
      this.apply(id, { type: 'verifyStarted' });
      const presence = await this.presence(job.vm.id, [plan.destinationHost]);
      const dst = presence[0];
      const verdict = judgeMove(plan, undefined, dst, { expectClustered: plan.destinationCluster ? true : undefined });
      if (verdict.ok) this.apply(id, { type: 'verified', location: verdict.location });
      else this.apply(id, { type: 'notVerified', location: verdict.location, error: verdict.reason });
    }
  }

  private startOperation(job: MigrationJob, step: PlanStep): HostOperation<StartResult> {
    switch (step.action) {
      case 'moveVm':
        return startMove(job.vm.id, step, job.plan?.request.switchMap);
      case 'moveStorage':
        return startStorageMove(job.vm.id, step);
      case 'moveClusterRole':
        return startClusterRoleMove(job.vm.id, step);
      default:
        throw new Error(`${step.action} is not a moving step.`);
    }
  }

  private async cancelOnHost(id: string, step: PlanStep): Promise<void> {
    const job = this.jobsById.get(id)!;
    try {
      const t = await this.deps.target(step.host);
      if (step.action === 'moveClusterRole') await this.deps.runner().runOne(cancelClusterRoleMove(job.vm.id), t, { lane: 'urgent' });
      else await this.deps.runner().runOne(cancelMigration(job.vm.id, job.hostJobId), t, { lane: 'urgent' });
    } catch (e) {
      this.note(id, `Cancel was refused: ${message(e)}`);
    }
  }

  private follow(id: string, host: string): Promise<HostJobEnd> {
    const job = this.jobsById.get(id)!;
    return new Promise<HostJobEnd>((resolve) => {
      const follower = new HostJobFollower(host, job.vm.id, job.hostJobId, job.hostRequestedAt, {
        seen: (hostJobId) => this.apply(id, { type: 'hostJobSeen', hostJobId }),
        progress: (percent) => this.apply(id, { type: 'progress', percent }),
        ended: (end) => {
          this.followers.get(id)?.dispose();
          this.followers.delete(id);
          resolve(end);
        },
      });
      this.followers.set(id, this.tracker.watch(follower));
    });
  }

  private async verifyMove(id: string, plan: MigrationPlan, step: PlanStep) {
    const job = this.jobsById.get(id)!;
    const dest = step.action === 'moveStorage' ? step.host : step.action === 'moveVm' ? step.destinationHost : step.action === 'moveClusterRole' ? step.node : step.host;
    const hosts = sameName(step.host, dest) ? [step.host] : [step.host, dest];
    const [atSource, atDest] = await this.presence(job.vm.id, hosts);
    const same = hosts.length === 1;
    const verdict = judgeMove(
      { ...plan, sourceHost: step.host, destinationHost: dest, expectedState: job.expectedState, expectedDiskPaths: step.action === 'moveClusterRole' ? undefined : plan.expectedDiskPaths },
      same ? undefined : atSource,
      same ? atSource : atDest,
    );
    if (!verdict.ok && job.error) return { ...verdict, reason: job.error };
    return verdict;
  }

  private async rollBack(id: string, plan: MigrationPlan, location?: VmWhereabouts): Promise<void> {
    const job = this.jobsById.get(id)!;
    this.apply(id, { type: 'rollbackStarted' });
    let ok = true;
    let msg: string | undefined;
    for (const step of plan.rollback) {
      try {
        if (step.action === 'addClusterRole') await this.runOne(addClusterRole(job.vm.id, job.vm.name), step.host);
      } catch (e) {
        ok = false;
        msg = message(e);
      }
    }
    const after = await this.locate(job.vm.id, [plan.sourceHost]);
    this.apply(id, { type: 'rollbackDone', ok, message: msg, location: after ?? location });
  }

  private async presence(vmId: string, hosts: readonly string[]): Promise<(VmPresence | undefined)[]> {
    const targets = await Promise.all(hosts.map((h) => this.deps.target(h)));
    const results = await this.deps.runner().run(locateVm(vmId), targets, { timeoutMs: this.deps.timeoutMs ?? 60_000 });
    return results.map((r) => (r.ok ? r.value : undefined));
  }

  private async locate(vmId: string, hosts: readonly string[]): Promise<VmWhereabouts | undefined> {
    try {
      const found = (await this.presence(vmId, hosts)).find((p) => p?.found);
      return found?.found ? whereabouts(found) : undefined;
    } catch {
      return undefined;
    }
  }

  private async runOne<R>(op: HostOperation<R>, host: string): Promise<R> {
    return this.deps.runner().runOne(op, await this.deps.target(host), { timeoutMs: this.deps.timeoutMs ?? 120_000 });
  }

  // ---- state -------------------------------------------------------------------------------------------------

  private apply(id: string, event: JobEvent): void {
    const job = this.jobsById.get(id);
    if (!job) return;
    const next = transition(job, event, this.iso());
    this.put(next, event.type !== 'progress' && event.type !== 'hostJobSeen' ? true : event.type === 'hostJobSeen');
  }

  /** Adds a line to the job's error text without changing its state (e.g. a refused cancel). */
  private note(id: string, text: string): void {
    const job = this.jobsById.get(id);
    if (!job) return;
    this.put({ ...job, error: job.error ? `${job.error}\n${text}` : text }, true);
  }

  private put(job: MigrationJob, persist: boolean): void {
    if (!this.jobsById.has(job.id)) this.order.push(job.id);
    this.jobsById.set(job.id, job);
    this.changed.fire(job);
    if (persist) this.persist();
  }

  private persist(): void {
    const limit = this.deps.historyLimit ?? 200;
    const all = this.order.map((id) => this.jobsById.get(id)!);
    const finished = all.filter((j) => isFinal(j.status));
    const keep = new Set([...all.filter((j) => !isFinal(j.status)), ...finished.slice(-limit)].map((j) => j.id));
    const records = all.filter((j) => keep.has(j.id));
    // Saves run one after another so an older snapshot never overwrites a newer one.
    this.saving = this.saving.then(() => this.deps.history.save(records)).catch(() => undefined);
  }

  /** Resolves when the last history save has been written. */
  flushed(): Promise<void> {
    return this.saving;
  }

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

function message(e: unknown): string {
  if (e instanceof HostError) return e.info.message;
  return e instanceof Error ? e.message : String(e);
}
