import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../core/clock';
import {
  isFinal,
  vmsBeingMoved,
  type MigrationJob,
  type MigrationPlan,
  type MoveRequest,
} from '../../core/migration/model';
import type { ProgressSample } from '../../core/migration/progressSamples';
import { cancellableNow } from '../../core/migration/fallbacks';
import { pollMigrations } from '../../core/migration/operations/pollMigrations';
import { readVolumes, type HostVolumes } from '../../core/migration/operations/readVolumes';
import { removePlannedVm, type RemovePlannedVmResult } from '../../core/migration/operations/removePlannedVm';
import { mayStart, type PreflightReport } from '../../core/migration/preflight';
import { planMove, type PlanResult } from '../../core/migration/rules';
import type { MigrationTopology } from '../../core/migration/topology';
import { HostError, type HostRunner } from '../../contract/hostRunner';
import type { ExecutorTimings } from './executorContext';
import { adoptHostJobs } from './hostJobAdoption';
import type { HistoryStore } from './historyStore';
import type { TargetResolver } from './hostTargets';
import { silentLog, type JobStore, type MigrationLog } from './jobStore';
import { assembleMigrationParts, type MigrationParts } from './migrationParts';
import type { MigrationTracker } from './migrationTracker';
import { movingIndex } from './nextAction';
import { queuedJob } from './queuedJob';

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
  /** Every request's limit; absent (as the extension builds it): the engine's default, from the user's setting. */
  readonly timeoutMs?: number;
  readonly newId?: () => string;
  /** How many finished records history (and memory) keeps (default 200). */
  readonly historyLimit?: number;
  readonly onTick?: (hosts: readonly string[]) => void;
  /** Where failed saves and ignored events are written (the output channel). */
  readonly log?: MigrationLog;
  /** The executor's waits (tests shorten them). */
  readonly timings?: Partial<ExecutorTimings>;
  /** How long this service's claim on a job lasts unless renewed (default 30 s). */
  readonly leaseMs?: number;
  /**
   * Who this service is in the jobs' claims: the same after a reload of its window (it then carries on its own jobs
   * at once), another for another window (which watches them until the claim runs out). Default: a new one.
   */
  readonly ownerId?: string;
}

export interface StartOptions {
  /** The preflight the user saw; a start with errors in it is refused, warnings need acceptance. */
  readonly preflight?: PreflightReport;
  readonly acceptWarnings?: boolean;
}

/**
 * The migration engine's use cases, without VS Code: plan a move, preflight it, start it through the per-source-host
 * queue, cancel it, keep history across restarts and windows, and after a reload carry on with the moves that were
 * under way and follow moves found running on the hosts. The work is done by its parts: the job store (history), the
 * dispatch (which job the executor takes on when), the step executor (each step recorded before it is sent, its
 * outcome learned from the hosts when unknown), host-job adoption and the job leases (which window drives a job).
 */
export class MigrationService {
  private readonly clock: Clock;
  private readonly log: MigrationLog;
  readonly tracker: MigrationTracker;
  /** The parts that do the work (migrationParts.ts). */
  private readonly parts: MigrationParts;
  private resumed = false;
  private disposed = false;

  /** Fires with a job whenever it changes (progress included). */
  readonly onDidChange: JobStore['onDidChange'];
  /** Fires when finished moves were forgotten. */
  readonly onDidClear: JobStore['onDidClear'];

  constructor(private readonly deps: MigrationServiceDeps) {
    this.clock = deps.clock ?? systemClock;
    this.log = deps.log ?? silentLog;
    this.parts = assembleMigrationParts(deps, this.clock, this.log);
    this.tracker = this.parts.tracker;
    this.onDidChange = this.parts.store.onDidChange;
    this.onDidClear = this.parts.store.onDidClear;
  }

  // ---- planning ----------------------------------------------------------------------------------------------

  /** Which kind of move this is and its steps, or why it is not allowed. */
  plan(request: MoveRequest): PlanResult {
    return planMove(request, this.deps.topology());
  }

  /** Checks the move on both hosts (one round trip each, in one request) and returns the readable report. */
  preflight(plan: MigrationPlan): Promise<PreflightReport> {
    return this.parts.preflightChecker.run(plan);
  }

  /** The preflight's fix for a planned VM left on the destination by an earlier move: removes it (never a real VM). */
  async removePlannedVm(host: string, vmId: string): Promise<RemovePlannedVmResult> {
    const r = await this.parts.calls.one(removePlannedVm(vmId), host);
    if (!r.ok) throw new HostError(r.error);
    return r.value;
  }

  /** The destination's volumes and their free space, for choosing a folder per disk (one round trip). */
  async volumes(host: string): Promise<HostVolumes> {
    const r = await this.parts.calls.one(readVolumes(), host);
    if (!r.ok) throw new HostError(r.error);
    return r.value;
  }

  // ---- starting ----------------------------------------------------------------------------------------------

  /** Queues the move; it starts when its source host has a free slot. Returns the job as queued. */
  start(plan: MigrationPlan, options: StartOptions = {}): MigrationJob {
    if (options.preflight && !mayStart(options.preflight, options.acceptWarnings ?? false)) {
      throw new Error('The preflight found problems that block this move (or warnings not accepted).');
    }
    const busy = this.parts.store.activeOf(plan.request.vm.id);
    if (busy) throw new Error(`${plan.request.vm.name} already has a migration ${busy.status}.`);
    const job = queuedJob(plan, (this.deps.newId ?? randomUUID)(), this.iso());
    this.parts.dispatch.enqueue(job, plan);
    return this.parts.store.get(job.id)!;
  }

  /** Plans and queues many moves (an evacuation); moves that cannot be planned come back with their reasons. */
  startMany(requests: readonly MoveRequest[]): {
    jobs: MigrationJob[];
    refused: { request: MoveRequest; reasons: string[] }[];
  } {
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
    return this.parts.store.get(id);
  }

  /** Every job known: running first, then history newest first. */
  jobs(): MigrationJob[] {
    const all = this.parts.store.all();
    return [...all.filter((j) => !isFinal(j.status)), ...all.filter((j) => isFinal(j.status)).reverse()];
  }

  history(): MigrationJob[] {
    return this.jobs().filter((j) => isFinal(j.status));
  }

  /** Forgets finished moves (history); running ones stay. */
  clearFinished(): Promise<void> {
    return this.parts.store.clearFinished();
  }

  /** The recent progress samples of a move this window follows (the panel's sparkline); none after its end. */
  progressSamples(id: string): readonly ProgressSample[] | undefined {
    return this.parts.ctx.progress.samples(id);
  }

  /** Place in its host's queue (1 = next), for a queued job. */
  queuePosition(id: string): number | undefined {
    return this.parts.queue.position(id);
  }

  /** Resolves when the job has reached its end. */
  whenDone(id: string): Promise<MigrationJob> {
    const j = this.parts.store.get(id);
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

  /**
   * Cancels: a queued move never starts; a running one is terminated on its host (the VM stays where it was); a
   * start still on its way is cancelled as soon as its host job is known; a move out of a cluster gives the role
   * back. Once the VM is at the destination the move is finished as planned (too late to cancel).
   */
  async cancel(id: string): Promise<void> {
    const job = this.parts.store.get(id);
    if (!job || pastCancelling(job)) return;
    if (!cancellableNow(job)) {
      this.log.info(`Migration of ${job.vm.name}: a quick migration cannot be cancelled once sent; it resumes the VM.`);
      return;
    }
    if (!this.parts.executor.isDriving(id) && job.status !== 'queued') {
      this.log.info(`Migration of ${job.vm.name} is driven by another window; cancel it there.`);
      return;
    }
    const moving = movingIndex(job);
    if (moving >= 0 && job.steps[moving]?.status === 'done') return;
    if (job.status === 'queued') this.parts.queue.remove(id);
    if (await this.parts.ctx.apply(id, { type: 'cancelRequested' })) await this.parts.executor.cancelNow(id);
    this.tracker.pollSoon();
  }

  // ---- after a reload ----------------------------------------------------------------------------------------

  /** Loads the history records (no host is asked); once, whoever asks first. */
  loadHistory(): Promise<readonly MigrationJob[]> {
    return this.parts.store.load();
  }

  /**
   * Loads history and carries on with the moves that were under way (the first time), each in its own phase; a
   * move another window drives is watched until that window lets it go. Then finds moves still running on these
   * hosts (Msvm_MigrationJob) that no record knows, in one request, and follows them to their end.
   */
  async restore(hosts: readonly string[]): Promise<MigrationJob[]> {
    const records = await this.loadHistory();
    const resumed: MigrationJob[] = [];
    const first = !this.resumed;
    this.resumed = true;
    for (const r of first ? records.filter((x) => !isFinal(x.status)) : []) {
      const job = this.parts.store.get(r.id) ?? r;
      if (isFinal(job.status) || this.parts.executor.isDriving(job.id)) continue;
      if (this.parts.leases.heldByAnother(job)) {
        this.parts.leases.watch(job.id);
        continue;
      }
      resumed.push(job);
      this.parts.dispatch.take(job);
    }
    resumed.push(...(await this.adopt(hosts)));
    this.parts.dispatch.pump();
    return resumed.map((j) => this.parts.store.get(j.id) ?? j);
  }

  /** Moves running on these hosts that no record knows: followed as this service's own. */
  private async adopt(hosts: readonly string[]): Promise<MigrationJob[]> {
    const results = hosts.length ? await this.parts.calls.many(pollMigrations(), hosts) : [];
    const all = this.parts.store.all();
    const adopted = adoptHostJobs({
      hosts: results.flatMap((r, i) => (r.ok ? [{ host: hosts[i]!, jobs: r.value.jobs }] : [])),
      topology: this.deps.topology(),
      knownHostJobs: new Set(all.flatMap((j) => (j.hostJobId ? [j.hostJobId] : []))),
      busyVms: vmsBeingMoved(all),
      newId: this.deps.newId ?? randomUUID,
      now: this.iso(),
    });
    this.parts.dispatch.follow(adopted);
    return adopted;
  }

  /** Waits for every move this service drives (tests, shutdown). */
  async settle(): Promise<void> {
    for (let r = this.parts.executor.running(); r.length; r = this.parts.executor.running())
      await Promise.allSettled(r);
  }

  /** Resolves when the last history write has been made. */
  flushed(): Promise<void> {
    return this.parts.store.flushed();
  }

  /** Stops driving (a window closing): claims are let go so the next window takes over at once. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.parts.dispatch.dispose();
    this.tracker.dispose();
    const driven = this.parts.store.all().filter((j) => !isFinal(j.status) && this.parts.executor.isDriving(j.id));
    this.parts.executor.dispose();
    this.parts.leases.dispose(driven);
    this.parts.store.close();
    this.parts.store.dispose();
  }

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

/** Nothing left to cancel: the move ended, its cancel is under way, or it is past the point of cancelling. */
function pastCancelling(job: MigrationJob): boolean {
  return isFinal(job.status) || !!job.cancelRequested || job.status === 'verifying' || job.status === 'rollingBack';
}
