import { isFinal, type JobStatus, type MigrationJob, type StepProgress, type StepStatus, type VmWhereabouts } from './model';

/**
 * The job state machine. Every change to a job goes through `transition`, which refuses what cannot happen
 * (a finished job never restarts; progress never goes back), so a late poll answer or a double click cannot
 * corrupt what the user sees.
 *
 *   queued ─dequeued→ starting ─started→ running ─hostEnded→ verifying ─verified→ succeeded
 *     │                  │                 │  ↑ stepStarted/stepDone/progress  │  └─notVerified→ failed | cancelled
 *     │                  │                 └──────────── resumed (more steps) ──┘
 *     └cancel→ cancelled └cancel→ cancelling (→ hostEnded → verifying; or stopped → cancelled before the move)
 *   running|verifying ─rollbackStarted→ rollingBack ─rollbackDone→ failed | cancelled
 *   any non-final ─failed→ failed
 */
export type JobEvent =
  | { readonly type: 'dequeued' }
  | { readonly type: 'started'; readonly hostJobId?: string; readonly requestedAt: string }
  | { readonly type: 'hostJobSeen'; readonly hostJobId: string }
  | { readonly type: 'progress'; readonly percent: number }
  | { readonly type: 'stepStarted'; readonly index: number }
  | { readonly type: 'stepDone'; readonly index: number; readonly message?: string }
  | { readonly type: 'stepFailed'; readonly index: number; readonly message: string }
  | { readonly type: 'cancelRequested' }
  | { readonly type: 'hostEnded'; readonly error?: string; readonly errorId?: string }
  | { readonly type: 'verifyStarted' }
  | { readonly type: 'resumed'; readonly location: VmWhereabouts }
  | { readonly type: 'verified'; readonly location: VmWhereabouts }
  | { readonly type: 'stopped'; readonly location?: VmWhereabouts }
  | { readonly type: 'notVerified'; readonly location?: VmWhereabouts; readonly error: string }
  | { readonly type: 'rollbackStarted' }
  | { readonly type: 'rollbackDone'; readonly ok: boolean; readonly message?: string; readonly location?: VmWhereabouts }
  | { readonly type: 'failed'; readonly error: string; readonly errorId?: string; readonly location?: VmWhereabouts };

export class IllegalTransition extends Error {
  constructor(
    readonly from: JobStatus,
    readonly event: JobEvent['type'],
  ) {
    super(`A migration that is ${from} cannot take '${event}'.`);
    this.name = 'IllegalTransition';
  }
}

const allowed: Readonly<Record<JobEvent['type'], readonly JobStatus[]>> = {
  dequeued: ['queued'],
  started: ['starting', 'running'],
  hostJobSeen: ['running', 'cancelling'],
  progress: ['running', 'cancelling'],
  stepStarted: ['starting', 'running', 'cancelling'],
  stepDone: ['starting', 'running', 'cancelling', 'verifying'],
  stepFailed: ['starting', 'running', 'cancelling', 'verifying', 'rollingBack'],
  cancelRequested: ['queued', 'starting', 'running'],
  hostEnded: ['running', 'cancelling'],
  verifyStarted: ['running', 'cancelling'],
  resumed: ['verifying'],
  verified: ['verifying'],
  stopped: ['starting', 'running', 'cancelling'],
  notVerified: ['verifying'],
  rollbackStarted: ['starting', 'running', 'cancelling', 'verifying'],
  rollbackDone: ['rollingBack'],
  failed: ['queued', 'starting', 'running', 'cancelling', 'verifying', 'rollingBack'],
};

export function canTransition(status: JobStatus, event: JobEvent['type']): boolean {
  return allowed[event].includes(status);
}

function setStep(steps: readonly StepProgress[], index: number, status: StepStatus, message?: string): StepProgress[] {
  return steps.map((s, i) => (i === index ? { ...s, status, message: message ?? s.message } : s));
}

/** The job after the event, or an IllegalTransition. `now` is an ISO time. */
export function transition(job: MigrationJob, event: JobEvent, now: string): MigrationJob {
  if (!canTransition(job.status, event.type)) throw new IllegalTransition(job.status, event.type);
  switch (event.type) {
    case 'dequeued':
      return { ...job, status: 'starting', startedAt: now };
    case 'started':
      return { ...job, status: job.cancelRequested ? 'cancelling' : 'running', hostJobId: event.hostJobId ?? job.hostJobId, hostRequestedAt: event.requestedAt };
    case 'hostJobSeen':
      return { ...job, hostJobId: event.hostJobId };
    case 'progress':
      // Progress only goes forward: a lingering or reordered answer must not move the bar back.
      return { ...job, percent: Math.max(job.percent, Math.min(100, Math.max(0, Math.round(event.percent)))) };
    case 'stepStarted':
      return { ...job, status: job.status === 'starting' ? 'running' : job.status, currentStep: event.index, steps: setStep(job.steps, event.index, 'running') };
    case 'stepDone':
      return { ...job, steps: setStep(job.steps, event.index, 'done', event.message) };
    case 'stepFailed':
      return { ...job, steps: setStep(job.steps, event.index, 'failed', event.message) };
    case 'cancelRequested':
      if (job.status === 'queued') return end({ ...job, cancelRequested: true, error: 'Cancelled before it started.' }, 'cancelled', now);
      return { ...job, status: 'cancelling', cancelRequested: true };
    case 'hostEnded':
      return { ...job, status: 'verifying', error: event.error ?? job.error, errorId: event.errorId ?? job.errorId };
    case 'verifyStarted':
      return { ...job, status: 'verifying' };
    case 'resumed':
      // The move was verified; the steps after it (making the VM a cluster role) run next.
      return { ...job, status: job.cancelRequested ? 'cancelling' : 'running', finalLocation: event.location };
    case 'stopped':
      // Cancelled before the host started moving anything.
      return end({ ...job, cancelRequested: true, finalLocation: event.location ?? job.finalLocation, error: job.error ?? 'Cancelled before the move started.' }, 'cancelled', now);
    case 'verified':
      return end({ ...job, percent: 100, finalLocation: event.location, error: undefined, errorId: undefined }, 'succeeded', now);
    case 'notVerified':
      return end({ ...job, finalLocation: event.location ?? job.finalLocation, error: job.error ?? event.error }, job.cancelRequested ? 'cancelled' : 'failed', now);
    case 'rollbackStarted':
      return { ...job, status: 'rollingBack' };
    case 'rollbackDone': {
      const note = event.ok ? 'The cluster role was put back where it was.' : `Putting the cluster role back failed: ${event.message ?? 'unknown error'}`;
      return end(
        { ...job, finalLocation: event.location ?? job.finalLocation, error: job.error ? `${job.error}\n${note}` : note },
        job.cancelRequested && event.ok ? 'cancelled' : 'failed',
        now,
      );
    }
    case 'failed':
      return end({ ...job, error: event.error, errorId: event.errorId ?? job.errorId, finalLocation: event.location ?? job.finalLocation }, 'failed', now);
  }
}

function end(job: MigrationJob, status: JobStatus, now: string): MigrationJob {
  const steps = job.steps.map((s) => (s.status === 'pending' ? { ...s, status: 'skipped' as const } : s));
  return { ...job, status, steps, endedAt: now };
}

export { isFinal };
