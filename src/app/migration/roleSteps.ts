import type { VmWhereabouts } from '../../core/migration/model';
import type { PlanStep } from '../../core/migration/planSteps';
import { addClusterRole, removeClusterRole } from '../../core/migration/operations/clusterRole';
import { locateVm } from '../../core/migration/operations/locateVm';
import { judgeMove, whereabouts } from '../../core/migration/verification';
import type { ExecutorContext } from './executorContext';
import { seenOn } from './moveProbe';

/**
 * The steps around the move: removing the cluster role (its name recorded first), adding it at the destination, giving
 * it back on the source when the move fails or is cancelled, and the last look at the destination. Each asks the host
 * before it sends anything a second time: whether the VM is a role there decides.
 */

async function locate(ctx: ExecutorContext, vmId: string, host: string) {
  return seenOn(await ctx.calls.one(locateVm(vmId), host), host);
}

/** Where the VM is on `host`, for the record of a job that ends (undefined when it cannot be told). */
async function whereOn(ctx: ExecutorContext, vmId: string, host: string): Promise<VmWhereabouts | undefined> {
  const r = await locate(ctx, vmId, host);
  return r.ok && r.value.found ? whereabouts(r.value) : undefined;
}

/** Ends the job failed with the host's error, saying where the VM is. */
export async function failWhereItIs(
  ctx: ExecutorContext,
  id: string,
  error: string,
  errorId: string | undefined,
  host: string,
): Promise<void> {
  const location = await whereOn(ctx, ctx.job(id)!.vm.id, host);
  await ctx.apply(id, { type: 'failed', error, errorId, location });
}

function roleName(ctx: ExecutorContext, id: string): string {
  const job = ctx.job(id)!;
  return job.originalRole?.groupName ?? job.vm.name;
}

export async function sendRole(ctx: ExecutorContext, id: string, index: number): Promise<void> {
  const job = ctx.job(id)!;
  const step = job.plan!.steps[index]!;
  if (step.action === 'removeClusterRole' && !job.originalRole) {
    // The role's name is recorded before it goes, so a roll-back gives it back under that name.
    const r = await locate(ctx, job.vm.id, step.host);
    if (!r.ok) return waitFor(ctx, id, step, r.error.message);
    if (!r.value.found)
      return failWhereItIs(ctx, id, `${job.vm.name} is not on ${step.host} any more.`, undefined, job.plan!.sourceHost);
    if (!r.value.isClustered) {
      await ctx.apply(id, { type: 'stepDone', index, message: 'The VM was not a cluster role.' });
      return;
    }
    await ctx.apply(id, {
      type: 'roleRecorded',
      groupName: r.value.groupName ?? job.vm.name,
      ownerNode: r.value.ownerNode,
    });
    return;
  }
  await ctx.apply(id, { type: 'sent', index, at: ctx.iso() });
  if (ctx.stopped) return;
  const op =
    step.action === 'removeClusterRole' ? removeClusterRole(job.vm.id) : addClusterRole(job.vm.id, roleName(ctx, id));
  const r = await ctx.calls.one(op, step.host);
  if (ctx.stopped) return;
  if (r.ok) {
    const verb = step.action === 'removeClusterRole' ? 'Removed' : 'Added';
    await ctx.apply(id, {
      type: 'stepDone',
      index,
      message: r.value.groupName ? `${verb} role ${r.value.groupName}` : undefined,
    });
    return;
  }
  if (r.unknown) {
    await ctx.apply(id, {
      type: 'waiting',
      text: `The answer from ${step.host} was lost (${r.error.message}); asking it what became of the request.`,
    });
    return;
  }
  await ctx.apply(id, { type: 'stepFailed', index, message: r.error.message });
  await failWhereItIs(ctx, id, r.error.message, r.error.fullyQualifiedErrorId, step.host);
}

/** A role step whose answer was lost: whether the VM is a role on that host now says what happened. */
export async function learnRole(ctx: ExecutorContext, id: string, index: number): Promise<void> {
  const job = ctx.job(id)!;
  const step = job.plan!.steps[index]!;
  const r = await locate(ctx, job.vm.id, step.host);
  if (!r.ok) return waitFor(ctx, id, step, r.error.message);
  if (!r.value.found)
    return failWhereItIs(ctx, id, `${job.vm.name} is not on ${step.host} any more.`, undefined, job.plan!.sourceHost);
  const removing = step.action === 'removeClusterRole';
  if (r.value.isClustered === removing) {
    await ctx.apply(id, { type: 'notSent', index });
    return;
  }
  const name = removing ? job.originalRole?.groupName : r.value.groupName;
  await ctx.apply(id, {
    type: 'stepDone',
    index,
    message: name ? `${removing ? 'Removed' : 'Added'} role ${name}` : undefined,
  });
}

/** Gives the cluster role back on the source under its own name; safe to run again after a reload. */
export async function rollBack(ctx: ExecutorContext, id: string): Promise<void> {
  if (ctx.job(id)!.status !== 'rollingBack') await ctx.apply(id, { type: 'rollbackStarted' });
  const job = ctx.job(id)!;
  let ok = true;
  let message: string | undefined;
  for (const step of job.plan!.rollback) {
    if (step.action !== 'addClusterRole') continue;
    const r = await giveBack(ctx, id, step);
    if (ctx.stopped) return;
    if (r !== true) {
      ok = false;
      message = r;
    }
  }
  const location = await whereOn(ctx, job.vm.id, job.plan!.sourceHost);
  await ctx.apply(id, { type: 'rollbackDone', ok, message, location });
}

/** True once the VM is a role on the step's host again, or the reason it could not be made one. */
async function giveBack(ctx: ExecutorContext, id: string, step: PlanStep): Promise<true | string> {
  const vmId = ctx.job(id)!.vm.id;
  while (!ctx.stopped) {
    const where = await locate(ctx, vmId, step.host);
    if (!where.ok) {
      if (!where.unknown) return where.error.message;
      await waitFor(ctx, id, step, where.error.message);
      continue;
    }
    if (!where.value.found) return `${ctx.job(id)!.vm.name} is not on ${step.host}.`;
    if (where.value.isClustered) return true;
    const r = await ctx.calls.one(addClusterRole(vmId, roleName(ctx, id)), step.host);
    if (r.ok) return true;
    if (!r.unknown) return r.error.message;
    // The answer was lost: the next look says whether the role is back.
  }
  return 'stopped';
}

/** Cancelled before anything moved: nothing to undo. */
export async function stop(ctx: ExecutorContext, id: string): Promise<void> {
  const job = ctx.job(id)!;
  ctx.releaseSlot(id);
  await ctx.apply(id, { type: 'stopped', location: await whereOn(ctx, job.vm.id, job.plan!.sourceHost) });
}

/** Every step is done: the VM must be on the destination, as planned (a cluster role there when it was to become one). */
export async function verifyEnd(ctx: ExecutorContext, id: string): Promise<void> {
  const job = ctx.job(id)!;
  const plan = job.plan!;
  if (job.status !== 'verifying') await ctx.apply(id, { type: 'verifyStarted' });
  const r = await locate(ctx, job.vm.id, plan.destinationHost);
  if (!r.ok)
    return waitFor(ctx, id, { action: 'addClusterRole', host: plan.destinationHost, cluster: '' }, r.error.message);
  const verdict = judgeMove(plan, undefined, r.value, { expectClustered: plan.destinationCluster ? true : undefined });
  const note = job.cancelRequested
    ? 'The move had completed before the cancel reached the host; it was finished as planned.'
    : undefined;
  if (verdict.ok) await ctx.apply(id, { type: 'verified', location: verdict.location, note });
  else await ctx.apply(id, { type: 'notVerified', location: verdict.location, error: verdict.reason });
}

async function waitFor(ctx: ExecutorContext, id: string, step: PlanStep, why: string): Promise<void> {
  await ctx.apply(id, { type: 'waiting', text: `Waiting for ${step.host} to answer: ${why}` });
  await ctx.sleep(ctx.timings.retryMs);
}
