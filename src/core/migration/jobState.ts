import { type JobStatus, type MigrationJob, type StepProgress, type StepStatus, type VmWhereabouts } from './model';

/**
 * The job state machine. Every change to a job goes through `transition`, which refuses what cannot happen
 * (a finished job never restarts; progress never goes back), so a late poll answer or a double click cannot
 * corrupt what the user sees. The executor applies events through `applyEvent`, which never throws: an event that
 * cannot apply in the job's state (a late progress tick while verifying, a second cancel) is ignored and reported.
 *
 *   queued ─dequeued→ starting ─sent→ running ─started→ running ─hostEnded→ verifying ─verified→ succeeded
 *     │                  │                 │  ↑ stepDone/progress/notSent        │  └─notVerified→ failed | cancelled
 *     │                  │                 └──────────── resumed (more steps) ──┘
 *     └cancel→ cancelled └cancel→ cancelling (→ started → cancelling → hostEnded → verifying; or stopped → cancelled)
 *   starting|running|cancelling|verifying ─rollbackStarted→ rollingBack ─rollbackDone→ failed | cancelled
 *   any non-final ─failed→ failed
 */
export type JobEvent =
  | { readonly type: 'dequeued' }
  /** The request of step `index` is about to go out (recorded before it is sent). */
  | { readonly type: 'sent'; readonly index: number; readonly at: string }
  /** The hosts say the sent request of step `index` never took effect: it may be sent again. */
  | { readonly type: 'notSent'; readonly index: number }
  | { readonly type: 'started'; readonly hostJobId?: string; readonly requestedAt: string }
  | { readonly type: 'hostJobSeen'; readonly hostJobId: string }
  | { readonly type: 'progress'; readonly percent: number }
  | { readonly type: 'stepStarted'; readonly index: number }
  | { readonly type: 'stepDone'; readonly index: number; readonly message?: string }
  | { readonly type: 'stepFailed'; readonly index: number; readonly message: string }
  | { readonly type: 'roleRecorded'; readonly groupName: string; readonly ownerNode?: string }
  | { readonly type: 'waiting'; readonly text?: string }
  | { readonly type: 'cancelRequested' }
  | { readonly type: 'hostEnded'; readonly error?: string; readonly errorId?: string }
  | { readonly type: 'verifyStarted' }
  | { readonly type: 'resumed'; readonly location: VmWhereabouts }
  | { readonly type: 'verified'; readonly location: VmWhereabouts; readonly note?: string }
  | { readonly type: 'stopped'; readonly location?: VmWhereabouts }
  | { readonly type: 'notVerified'; readonly location?: VmWhereabouts; readonly error: string }
  | { readonly type: 'rollbackStarted' }
  | {
      readonly type: 'rollbackDone';
      readonly ok: boolean;
      readonly message?: string;
      readonly location?: VmWhereabouts;
    }
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

const active: readonly JobStatus[] = ['starting', 'running', 'cancelling'];
const live: readonly JobStatus[] = ['queued', 'starting', 'running', 'cancelling', 'verifying', 'rollingBack'];

const allowed: Readonly<Record<JobEvent['type'], readonly JobStatus[]>> = {
  dequeued: ['queued'],
  sent: active,
  notSent: active,
  // From verifying too: a move judged ended (contact lost) that the host shows still running is followed again.
  started: [...active, 'verifying'],
  hostJobSeen: ['running', 'cancelling'],
  progress: ['running', 'cancelling'],
  stepStarted: active,
  stepDone: [...active, 'verifying', 'rollingBack'],
  stepFailed: [...active, 'verifying', 'rollingBack'],
  roleRecorded: live,
  waiting: live,
  cancelRequested: ['queued', 'starting', 'running'],
  hostEnded: ['running', 'cancelling'],
  verifyStarted: active,
  resumed: ['verifying'],
  verified: ['verifying'],
  stopped: active,
  notVerified: ['verifying'],
  rollbackStarted: [...active, 'verifying'],
  rollbackDone: ['rollingBack'],
  failed: live,
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
  return { ...next(job, event, now), updatedAt: now };
}

export type Applied =
  | { readonly job: MigrationJob; readonly ignored?: undefined }
  | { readonly job: MigrationJob; readonly ignored: IllegalTransition };

/** The job after the event; an event that cannot apply in this state leaves the job as it was and says why. */
export function applyEvent(job: MigrationJob, event: JobEvent, now: string): Applied {
  if (!canTransition(job.status, event.type)) return { job, ignored: new IllegalTransition(job.status, event.type) };
  return { job: transition(job, event, now) };
}

function clearSent(job: MigrationJob, index: number): MigrationJob['sent'] {
  return job.sent && job.sent.index === index ? undefined : job.sent;
}

const stepEventTypes = ['sent', 'notSent', 'stepStarted', 'stepDone', 'stepFailed'] as const;
const endingEventTypes = ['cancelRequested', 'stopped', 'verified', 'notVerified', 'rollbackDone', 'failed'] as const;
type StepEvent = Extract<JobEvent, { readonly type: (typeof stepEventTypes)[number] }>;
type EndingEvent = Extract<JobEvent, { readonly type: (typeof endingEventTypes)[number] }>;
type OtherEvent = Exclude<JobEvent, StepEvent | EndingEvent>;

const stepEvents: ReadonlySet<JobEvent['type']> = new Set(stepEventTypes);
const endingEvents: ReadonlySet<JobEvent['type']> = new Set(endingEventTypes);
const isStepEvent = (e: JobEvent): e is StepEvent => stepEvents.has(e.type);
const isEndingEvent = (e: JobEvent): e is EndingEvent => endingEvents.has(e.type);

// One case per event, each a single expression, in three groups: what a step's request did, what may end the job,
// and the rest.
function next(job: MigrationJob, event: JobEvent, now: string): MigrationJob {
  if (isStepEvent(event)) return stepped(job, event);
  if (isEndingEvent(event)) return ending(job, event, now);
  return moved(job, event, now);
}

function stepped(job: MigrationJob, event: StepEvent): MigrationJob {
  switch (event.type) {
    case 'sent':
      return {
        ...job,
        status: job.status === 'starting' ? 'running' : job.status,
        currentStep: event.index,
        steps: setStep(job.steps, event.index, 'running'),
        sent: { index: event.index, at: event.at },
      };
    case 'notSent':
      return { ...job, sent: clearSent(job, event.index), steps: setStep(job.steps, event.index, 'pending') };
    case 'stepStarted':
      return {
        ...job,
        status: job.status === 'starting' ? 'running' : job.status,
        currentStep: event.index,
        steps: setStep(job.steps, event.index, 'running'),
      };
    case 'stepDone':
      return {
        ...job,
        sent: clearSent(job, event.index),
        waiting: undefined,
        steps: setStep(job.steps, event.index, 'done', event.message),
      };
    case 'stepFailed':
      return {
        ...job,
        sent: clearSent(job, event.index),
        steps: setStep(job.steps, event.index, 'failed', event.message),
      };
  }
}

function ending(job: MigrationJob, event: EndingEvent, now: string): MigrationJob {
  switch (event.type) {
    case 'cancelRequested':
      if (job.status === 'queued')
        return end({ ...job, cancelRequested: true, error: 'Cancelled before it started.' }, 'cancelled', now);
      return { ...job, status: 'cancelling', cancelRequested: true };
    case 'stopped':
      // Cancelled before the host started moving anything.
      return end(
        {
          ...job,
          cancelRequested: true,
          finalLocation: event.location ?? job.finalLocation,
          error: job.error ?? 'Cancelled before the move started.',
        },
        'cancelled',
        now,
      );
    case 'verified':
      return end(
        { ...job, percent: 100, finalLocation: event.location, error: event.note, errorId: undefined },
        'succeeded',
        now,
      );
    case 'notVerified':
      return end(
        { ...job, finalLocation: event.location ?? job.finalLocation, error: job.error ?? event.error },
        job.cancelRequested ? 'cancelled' : 'failed',
        now,
      );
    case 'rollbackDone': {
      const note = event.ok
        ? 'The cluster role was put back where it was.'
        : `Putting the cluster role back failed: ${event.message ?? 'unknown error'}`;
      return end(
        {
          ...job,
          finalLocation: event.location ?? job.finalLocation,
          error: job.error ? `${job.error}\n${note}` : note,
        },
        job.cancelRequested && event.ok ? 'cancelled' : 'failed',
        now,
      );
    }
    case 'failed':
      return end(
        {
          ...job,
          error: event.error,
          errorId: event.errorId ?? job.errorId,
          finalLocation: event.location ?? job.finalLocation,
        },
        'failed',
        now,
      );
  }
}

function moved(job: MigrationJob, event: OtherEvent, now: string): MigrationJob {
  switch (event.type) {
    case 'dequeued':
      return { ...job, status: 'starting', startedAt: now };
    case 'started':
      return {
        ...job,
        status: job.cancelRequested ? 'cancelling' : 'running',
        hostJobId: event.hostJobId ?? job.hostJobId,
        hostRequestedAt: event.requestedAt,
        sent: clearSent(job, job.currentStep),
        waiting: undefined,
      };
    case 'hostJobSeen':
      return { ...job, hostJobId: event.hostJobId };
    case 'progress':
      // Progress only goes forward: a lingering or reordered answer must not move the bar back.
      return { ...job, percent: Math.max(job.percent, Math.min(100, Math.max(0, Math.round(event.percent)))) };
    case 'roleRecorded':
      return { ...job, originalRole: { groupName: event.groupName, ownerNode: event.ownerNode } };
    case 'waiting':
      return { ...job, waiting: event.text };
    case 'hostEnded':
      return { ...job, status: 'verifying', error: event.error ?? job.error, errorId: event.errorId ?? job.errorId };
    case 'verifyStarted':
      return { ...job, status: 'verifying', sent: undefined };
    case 'resumed':
      // The move was verified; the steps after it (making the VM a cluster role) run next, cancelled or not: the
      // VM is at the destination now and must end as planned there.
      return { ...job, status: 'running', finalLocation: event.location, waiting: undefined };
    case 'rollbackStarted':
      return { ...job, status: 'rollingBack', sent: undefined };
  }
}

function end(job: MigrationJob, status: JobStatus, now: string): MigrationJob {
  const steps = job.steps.map((s) => (s.status === 'pending' ? { ...s, status: 'skipped' as const } : s));
  return { ...job, status, steps, endedAt: now, sent: undefined, waiting: undefined, lease: undefined };
}
