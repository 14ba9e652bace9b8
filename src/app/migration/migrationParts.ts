import type { Clock } from '../../core/clock';
import { isFinal } from '../../core/migration/model';
import { MigrationQueue } from '../../core/migration/queue';
import { errorDetail } from '../../contract/errorMessage';
import { defaultTimings, ExecutorContext } from './executorContext';
import { HostCalls } from './hostCalls';
import { JobDispatch, type JobDispatchParts } from './jobDispatch';
import { JobLeases } from './jobLeases';
import { JobStore, type MigrationLog } from './jobStore';
import type { MigrationServiceDeps } from './migrationService';
import { MigrationTracker } from './migrationTracker';
import { PreflightChecker } from './preflightChecker';
import { limitFor } from './queuedJob';
import { StepExecutor } from './stepExecutor';

/** The parts MigrationService is made of, each given what it uses. */
export interface MigrationParts extends JobDispatchParts {
  readonly calls: HostCalls;
  readonly preflightChecker: PreflightChecker;
  readonly dispatch: JobDispatch;
}

/** Makes MigrationService's parts from its dependencies and wires them to each other. */
export function assembleMigrationParts(deps: MigrationServiceDeps, clock: Clock, log: MigrationLog): MigrationParts {
  const store = new JobStore(deps.history, log, deps.historyLimit);
  const queue = new MigrationQueue((item) => limitFor(deps.topology(), item), clock);
  const tracker = new MigrationTracker({
    runner: deps.runner,
    target: deps.target,
    clock,
    intervalMs: deps.pollIntervalMs ?? 2000,
    minIntervalMs: deps.minPollIntervalMs ?? 200,
    timeoutMs: deps.timeoutMs,
    onTick: deps.onTick,
    onWatcherError: (host, e) => log.error(`Following migrations on ${host}: ${errorDetail(e)}`),
  });
  const calls = new HostCalls({ runner: deps.runner, target: deps.target, timeoutMs: deps.timeoutMs });
  const timings = {
    ...defaultTimings,
    ...deps.timings,
    follower: { ...defaultTimings.follower, ...deps.timings?.follower },
  };
  // The context and the leases hand jobs back to the dispatch, which is made from them: it is reached when they call.
  const later: { dispatch?: JobDispatch } = {};
  const ctx = new ExecutorContext(store, calls, tracker, clock, log, deps.topology, timings, (id) =>
    later.dispatch!.release(id),
  );
  // A move's samples are for its sparkline while it runs: gone with its end.
  store.onDidChange((job) => {
    if (isFinal(job.status)) ctx.progress.forget(job.id);
  });
  const executor = new StepExecutor(ctx);
  const leases = new JobLeases({
    owner: deps.ownerId,
    store,
    clock,
    leaseMs: deps.leaseMs ?? 30_000,
    driving: (id) => executor.isDriving(id),
    takeOver: (job) => later.dispatch!.take(job),
  });
  const preflightChecker = new PreflightChecker({
    runner: deps.runner,
    target: deps.target,
    timeoutMs: deps.timeoutMs,
    clock,
  });
  const dispatch = new JobDispatch({ queue, store, leases, executor, ctx, tracker, clock });
  later.dispatch = dispatch;
  return { queue, store, leases, executor, ctx, tracker, clock, calls, preflightChecker, dispatch };
}
