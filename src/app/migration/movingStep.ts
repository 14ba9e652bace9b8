import type { MigrationJob, MigrationPlan } from '../../core/migration/model';
import { destinationOf, type PlanStep } from '../../core/migration/planSteps';
import { cancelClusterRoleMove } from '../../core/migration/operations/cancelClusterRoleMove';
import { cancelMigration } from '../../core/migration/operations/cancelMigration';
import { isActiveJobState, jobStates } from '../../core/migration/operations/pollMigrations';
import { startClusterRoleMove } from '../../core/migration/operations/startClusterRoleMove';
import { startMove } from '../../core/migration/operations/startMove';
import type { StartResult } from '../../core/migration/operations/startResult';
import { startStorageMove } from '../../core/migration/operations/startStorageMove';
import { judgeMove, plannedVmNote, type Verdict } from '../../core/migration/verification';
import type { HostOperation } from '../../contract/hostOperation';
import type { ExecutorContext } from './executorContext';
import { HostJobFollower, type HostJobEnd } from './hostJobFollower';
import { presence, probeMove, traceOf, type MoveProbe } from './moveProbe';
import { roleRemoved } from './nextAction';
import { failWhereItIs } from './roleSteps';

/**
 * The moving step (Move-VM, Move-VMStorage, Move-ClusterVirtualMachineRole): started once, followed on its host, its
 * end read from where the VM is. A start whose answer was lost is never sent again before the source host has said
 * that it shows no trace of it.
 */

function startOperation(job: MigrationJob, step: PlanStep): HostOperation<StartResult> {
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

export async function sendMove(ctx: ExecutorContext, id: string, index: number): Promise<void> {
  const step = ctx.job(id)!.plan!.steps[index]!;
  // Recorded and saved before the request goes out: a reload from here on asks the host first.
  await ctx.apply(id, { type: 'sent', index, at: ctx.iso() });
  if (ctx.stopped) return;
  const job = ctx.job(id)!;
  const r = await ctx.calls.one(startOperation(job, step), step.host);
  if (ctx.stopped) return;
  if (r.ok) {
    await ctx.apply(id, { type: 'started', hostJobId: r.value.hostJobId, requestedAt: r.value.requestedAt });
    return;
  }
  if (r.unknown) {
    await ctx.apply(id, {
      type: 'waiting',
      text: `The answer to the start was lost (${r.error.message}); asking ${step.host} what became of it.`,
    });
    return;
  }
  // The host refused the start: nothing moved.
  await ctx.apply(id, { type: 'stepFailed', index, message: r.error.message });
  if (roleRemoved(ctx.job(id)!)) {
    await ctx.note(id, r.error.message);
    await ctx.apply(id, { type: 'rollbackStarted' });
    return;
  }
  await failWhereItIs(ctx, id, r.error.message, r.error.fullyQualifiedErrorId, ctx.job(id)!.plan!.sourceHost);
}

/** A start whose answer was lost: its trace on the source decides; no trace for long enough means it never happened. */
export async function learnMove(ctx: ExecutorContext, id: string, index: number): Promise<void> {
  const job = ctx.job(id)!;
  const step = job.plan!.steps[index]!;
  const sentAt = job.sent!.at;
  const p = await probeMove(ctx.calls, job.vm.id, step);
  if (ctx.stopped) return;
  if (!p.jobs.ok || !p.atSource.ok) {
    const why = !p.jobs.ok ? p.jobs.error.message : !p.atSource.ok ? p.atSource.error.message : '';
    return wait(ctx, id, `Waiting for ${step.host} to say whether the move started: ${why}`);
  }
  const trace = traceOf(p.jobs.value, sentAt, job.hostJobId);
  if (trace) {
    await ctx.apply(id, { type: 'started', hostJobId: trace.instanceId, requestedAt: sentAt });
    return;
  }
  if (moved(job, step, p)) {
    // It ran and its job is gone already: what is on the hosts decides.
    await ctx.apply(id, { type: 'started', requestedAt: sentAt });
    await ctx.apply(id, { type: 'hostEnded' });
    return;
  }
  const left = Date.parse(sentAt) + ctx.timings.settleMs - ctx.clock.now();
  if (left > 0 || !p.atSource.value.found) {
    await ctx.apply(id, { type: 'waiting', text: `Asking ${step.host} whether the move started.` });
    await ctx.sleep(Math.max(100, Math.min(ctx.timings.retryMs, left > 0 ? left : ctx.timings.retryMs)));
    return;
  }
  ctx.log.info(
    `Migration of ${job.vm.name}: ${step.host} shows no trace of the start sent at ${sentAt}; it never took effect.`,
  );
  await ctx.apply(id, { type: 'notSent', index });
}

function moved(job: MigrationJob, step: PlanStep, p: MoveProbe): boolean {
  const src = presence(p.atSource);
  const dst = presence(p.atDestination);
  if (p.atDestination === undefined) return judgeMove(planFor(job, step), undefined, src).ok;
  return src?.found === false && dst?.found === true;
}

/** Terminates the move on its host (cancel is safe to repeat: an ended job is left alone). */
export async function sendCancel(ctx: ExecutorContext, id: string, index: number): Promise<void> {
  const job = ctx.job(id)!;
  const step = job.plan!.steps[index]!;
  const op =
    step.action === 'moveClusterRole' ? cancelClusterRoleMove(job.vm.id) : cancelMigration(job.vm.id, job.hostJobId);
  const r = await ctx.calls.one<unknown>(op, step.host, 'urgent');
  if (!r.ok && !r.unknown) await ctx.note(id, `Cancel was refused: ${r.error.message}`);
  ctx.tracker.pollSoon();
}

export async function followMove(ctx: ExecutorContext, id: string, index: number): Promise<void> {
  const job = ctx.job(id)!;
  const step = job.plan!.steps[index]!;
  const end = await follow(ctx, job, step.host);
  if (!end || ctx.stopped) return;
  if (end.lostContact) {
    await ctx.apply(id, {
      type: 'waiting',
      text: `${end.error ?? 'Lost contact'}; the outcome is read from the hosts when they answer.`,
    });
    await ctx.apply(id, { type: 'hostEnded' });
    return;
  }
  // The host's slot is free as soon as its job ended: the next move may start while this one is verified.
  ctx.releaseSlot(id);
  await ctx.apply(id, { type: 'hostEnded', error: end.error, errorId: end.errorId });
}

function follow(ctx: ExecutorContext, job: MigrationJob, host: string): Promise<HostJobEnd | undefined> {
  const id = job.id;
  let sub: { dispose(): void } | undefined;
  const ended = new Promise<HostJobEnd>((resolve) => {
    const follower = new HostJobFollower(
      host,
      job.vm.id,
      job.hostJobId,
      job.hostRequestedAt,
      {
        seen: (hostJobId) => void ctx.apply(id, { type: 'hostJobSeen', hostJobId }),
        progress: (percent) => void ctx.apply(id, { type: 'progress', percent }),
        sampled: (percent, at) => ctx.progress.record(id, { at, percent }),
        ended: resolve,
      },
      ctx.timings.follower,
    );
    sub = ctx.tracker.watch(follower);
  });
  return Promise.race([ended, ctx.whenStopped.then(() => undefined)]).finally(() => sub?.dispose());
}

function planFor(
  job: MigrationJob,
  step: PlanStep,
): Pick<MigrationPlan, 'destinationHost' | 'sourceHost' | 'expectedDiskPaths' | 'expectedState' | 'kind'> {
  const plan = job.plan!;
  return {
    ...plan,
    sourceHost: step.host,
    destinationHost: destinationOf(step),
    expectedState: job.expectedState,
    expectedDiskPaths: step.action === 'moveClusterRole' ? undefined : plan.expectedDiskPaths,
  };
}

/** The move ended, or may have: the hosts say where the VM is; a job still running there is followed again. */
export async function verifyMove(ctx: ExecutorContext, id: string, index: number): Promise<void> {
  const job = ctx.job(id)!;
  const step = job.plan!.steps[index]!;
  const p = await probeMove(ctx.calls, job.vm.id, step);
  if (ctx.stopped) return;
  if (!p.jobs.ok || !p.atSource.ok) {
    const why = !p.jobs.ok ? p.jobs.error.message : !p.atSource.ok ? p.atSource.error.message : '';
    return wait(ctx, id, `Waiting for ${step.host} to answer: ${why}`);
  }
  const trace = traceOf(p.jobs.value, job.hostRequestedAt ?? job.startedAt ?? job.createdAt, job.hostJobId);
  if (trace && isActiveJobState(trace.jobState)) {
    await ctx.apply(id, {
      type: 'started',
      hostJobId: trace.instanceId,
      requestedAt: job.hostRequestedAt ?? ctx.iso(),
    });
    return;
  }
  const src = p.atSource.value;
  if (p.atDestination && !p.atDestination.ok) {
    // Without the destination's word only one end can be told: the move failed and the VM is still on the source.
    const failedOnHost = trace ? trace.jobState !== jobStates.completed : job.error !== undefined;
    if (!(src.found && failedOnHost))
      return wait(ctx, id, `Waiting for ${p.destination} to answer: ${p.atDestination.error.message}`);
  }
  const dst = presence(p.atDestination);
  const raw = p.atDestination ? judgeMove(planFor(job, step), src, dst) : judgeMove(planFor(job, step), undefined, src);
  const verdict: Verdict = !raw.ok && job.error ? { ...raw, reason: job.error } : raw;
  await settle(ctx, id, index, verdict, dst);
}

async function settle(
  ctx: ExecutorContext,
  id: string,
  index: number,
  verdict: Verdict,
  dst: ReturnType<typeof presence>,
): Promise<void> {
  const job = ctx.job(id)!;
  const last = index === job.plan!.steps.length - 1;
  ctx.releaseSlot(id);
  if (verdict.ok) {
    await ctx.apply(id, { type: 'stepDone', index });
    const note = job.cancelRequested ? 'The move had completed before the cancel reached the host.' : undefined;
    await ctx.apply(
      id,
      last ? { type: 'verified', location: verdict.location, note } : { type: 'resumed', location: verdict.location },
    );
    return;
  }
  await ctx.apply(id, { type: 'stepFailed', index, message: verdict.reason });
  const planned = plannedVmNote(job.vm.name, dst);
  if (planned) await ctx.note(id, planned);
  if (roleRemoved(job) && verdict.atSource) {
    if (!ctx.job(id)!.error) await ctx.note(id, verdict.reason);
    await ctx.apply(id, { type: 'rollbackStarted' });
    return;
  }
  await ctx.apply(id, { type: 'notVerified', location: verdict.location, error: verdict.reason });
}

async function wait(ctx: ExecutorContext, id: string, text: string): Promise<void> {
  await ctx.apply(id, { type: 'waiting', text });
  await ctx.sleep(ctx.timings.retryMs);
}
