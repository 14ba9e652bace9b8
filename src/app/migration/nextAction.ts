import { isFinal, type MigrationJob } from '../../core/migration/model';
import { isMovingStep } from '../../core/migration/planSteps';

/**
 * What the executor does next with a job, read only from the job as recorded. A fresh job and one restored after a
 * reload go through the same decision, so a restored job carries on in its own phase: it learns the outcome of a
 * request that was out, follows a move that was running, verifies again, rolls back again, finishes the give-back.
 */
export type NextAction =
  | { readonly type: 'none' }
  /** Send step `index` (nothing of it has reached the hosts, as far as the record knows). */
  | { readonly type: 'send'; readonly index: number }
  /** Step `index` was sent and its answer never read: ask the hosts what became of it. */
  | { readonly type: 'learn'; readonly index: number }
  /** The moving step runs on its host: follow its Msvm_MigrationJob. */
  | { readonly type: 'follow'; readonly index: number }
  /** The moving step ended (or may have): read where the VM is. */
  | { readonly type: 'verifyMove'; readonly index: number }
  /** Every step is done: confirm the end on the destination. */
  | { readonly type: 'verifyEnd' }
  /** Cancelled before anything moved and nothing to give back. */
  | { readonly type: 'stop' }
  /** Give the cluster role back where it was. */
  | { readonly type: 'rollBack' };

export function movingIndex(job: MigrationJob): number {
  return job.plan?.steps.findIndex(isMovingStep) ?? -1;
}

/** A step before the move took the VM out of its cluster role (so a stop must give it back). */
export function roleRemoved(job: MigrationJob): boolean {
  const plan = job.plan;
  if (!plan) return false;
  const moving = movingIndex(job);
  return plan.steps.some(
    (s, i) => s.action === 'removeClusterRole' && (moving < 0 || i < moving) && job.steps[i]?.status === 'done',
  );
}

export function nextAction(job: MigrationJob): NextAction {
  const plan = job.plan;
  if (!plan || isFinal(job.status) || job.status === 'queued') return { type: 'none' };
  if (job.status === 'rollingBack') return { type: 'rollBack' };
  const moving = movingIndex(job);
  const index = job.steps.findIndex((s) => s.status !== 'done');
  if (job.status === 'verifying') {
    return moving >= 0 && job.steps[moving]?.status !== 'done'
      ? { type: 'verifyMove', index: moving }
      : { type: 'verifyEnd' };
  }
  if (index < 0) return { type: 'verifyEnd' };
  if (job.sent?.index === index) return { type: 'learn', index };
  const step = plan.steps[index]!;
  if (isMovingStep(step) && job.hostRequestedAt && job.steps[index]?.status === 'running')
    return { type: 'follow', index };
  // A cancel stops what has not moved yet; once the VM is at the destination the plan is finished there.
  if (job.cancelRequested && (moving < 0 || index <= moving))
    return roleRemoved(job) ? { type: 'rollBack' } : { type: 'stop' };
  return { type: 'send', index };
}

/** A job not queued whose move has not ended holds a slot on its source host. */
export function holdsSlot(job: MigrationJob): boolean {
  const i = movingIndex(job);
  if (
    i < 0 ||
    job.status === 'verifying' ||
    job.status === 'rollingBack' ||
    job.status === 'queued' ||
    isFinal(job.status)
  )
    return false;
  return job.steps[i]?.status !== 'done';
}
