import { cancellableNow, moveKindLabel } from '../fallbacks';
import { plural, stateText } from '../../format/words';
import { errorIdText } from './errorIds';
import { perFolderText, placementShort } from '../placement';
import {
  isFinal,
  migrationKindLabels,
  type DrainProgress,
  type DrainStatus,
  type JobStatus,
  type MaintenanceMove,
  type MigrationJob,
  type MigrationKind,
  type StepStatus,
  type VmWhereabouts,
} from '../model';
import { filesPlacementOf, stepLabels } from '../planSteps';
import { sameName } from '../../names';
import type { ProgressSample } from '../progressSamples';
import { recentThroughput, type SparklineView } from './sparkline';

/**
 * What the Migrations panel shows of a job or a node drain: plain, JSON-safe data computed on the extension side, so
 * the webview only draws it. Numbers that cannot be known honestly (time left, throughput) are left out, never guessed.
 */

export type JobOutcome = 'succeeded' | 'failed' | 'cancelled';

export interface JobStepView {
  readonly label: string;
  readonly host: string;
  readonly status: StepStatus;
  readonly message?: string;
}

export interface JobView {
  readonly id: string;
  readonly vmName: string;
  readonly source: string;
  readonly destination: string;
  /** The cluster the VM becomes a role of, when the move ends in one. */
  readonly destinationCluster?: string;
  /** Where the files go, when the move writes them somewhere ("E:\\VMs\\web-01", "HV-WEST's default folders"). */
  readonly storageTarget?: string;
  readonly kind: MigrationKind;
  readonly kindLabel: string;
  readonly status: JobStatus;
  readonly phase: string;
  /** Whole percent, 0–100. */
  readonly percent: number;
  readonly elapsedSeconds: number;
  readonly timeLeftSeconds?: number;
  /** The rate of the recent samples when there are some, else the average since the start. */
  readonly throughputBytesPerSecond?: number;
  /** The recent throughput of a running move, once its samples give two rates. */
  readonly sparkline?: SparklineView;
  readonly cancellable: boolean;
  /** The job has a plan, so its PowerShell can be written out. */
  readonly copyable: boolean;
  readonly outcome?: JobOutcome;
  /** Where the VM ended, e.g. "on HV-WEST, Running". */
  readonly outcomeText?: string;
  readonly error?: string;
  readonly errorId?: string;
  readonly steps: readonly JobStepView[];
}

export interface DrainView {
  readonly cluster: string;
  readonly node: string;
  readonly status: DrainStatus;
  readonly phase: string;
  readonly percent: number;
  readonly migrationsRunning: number;
  readonly nodeState?: string;
  readonly drainStatus?: string;
  readonly error?: string;
  /** One row per role the drain or the failback moves. */
  readonly moves: readonly MaintenanceMoveView[];
}

export interface MaintenanceMoveView {
  readonly vmName: string;
  readonly status: MaintenanceMove['status'];
  readonly percent: number;
  /** "moving to PROD-N1 · 42 %", "moved to PROD-N1", "waiting". */
  readonly text: string;
}

const statusPhases: Readonly<Record<JobStatus, string>> = {
  queued: 'Queued',
  starting: 'Starting',
  running: 'Running',
  cancelling: 'Cancelling',
  verifying: 'Verifying',
  rollingBack: 'Rolling back',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const wholePercent = (p: number): number => (Number.isFinite(p) ? Math.min(100, Math.max(0, Math.round(p))) : 0);

function isoMs(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

function phaseOf(job: MigrationJob, queuePosition: number | undefined): string {
  if (job.status === 'queued') return queuePosition === undefined ? 'Queued' : `Queued (${queuePosition} in line)`;
  // What the product waits for (a host that does not answer, the outcome of a request) is the honest phase then.
  if (job.waiting && !isFinal(job.status)) return `${statusPhases[job.status]}: ${job.waiting}`;
  if (job.status !== 'running') return statusPhases[job.status];
  const step = job.steps[job.currentStep];
  if (!step) return 'Running';
  const label = stepLabels[step.action];
  return job.steps.length > 1 ? `Step ${job.currentStep + 1} of ${job.steps.length}: ${label}` : label;
}

export function locationText(where: VmWhereabouts): string {
  return `on ${where.host}, ${stateText(where.state)}${where.clustered ? ', a cluster role' : ''}`;
}

/** Where the moving step writes the files, for the panel; undefined when they stay where they are. */
export function storageTargetOf(job: MigrationJob): string | undefined {
  const files = filesPlacementOf(job.plan);
  if (!files || files.mode === 'shared') return undefined;
  // Folder by folder with what each receives: where each disk goes.
  return files.mode === 'perDisk' ? perFolderText(files) : placementShort(files);
}

/**
 * The job as the panel shows it at `now` (ms). `sizeBytes` is what the move carries (memory and disks), when known;
 * `queuePosition` is the job's place in its host's queue (1 = next); `samples` its recent progress on the host.
 */
export function toJobView(
  job: MigrationJob,
  now: number,
  sizeBytes?: number,
  queuePosition?: number,
  samples?: readonly ProgressSample[],
): JobView {
  const final = isFinal(job.status);
  const percent = job.status === 'succeeded' ? 100 : wholePercent(job.percent);
  const startedAt = isoMs(job.startedAt);
  const from = startedAt ?? isoMs(job.createdAt) ?? now;
  const to = (final ? isoMs(job.endedAt) : undefined) ?? now;
  // Host and local clocks may disagree a little: never a negative duration.
  const elapsedSeconds = Math.max(0, Math.floor((to - from) / 1000));
  const runningFor = startedAt === undefined ? 0 : Math.max(0, (now - startedAt) / 1000);
  // A straight-line estimate is honest only while the host is moving data and has reported some of it.
  const measurable = job.status === 'running' && percent > 0 && percent < 100 && runningFor > 0;
  const timeLeftSeconds = measurable ? Math.round((runningFor * (100 - percent)) / percent) : undefined;
  const sized = measurable && sizeBytes !== undefined && Number.isFinite(sizeBytes) && sizeBytes > 0;
  const recent = sized && samples ? recentThroughput(samples, sizeBytes) : undefined;
  const throughputBytesPerSecond = sized
    ? Math.round(recent?.nowBytesPerSecond ?? (sizeBytes * percent) / 100 / runningFor)
    : undefined;
  return {
    id: job.id,
    vmName: job.vm.name,
    source: job.sourceHost,
    destination: job.destinationHost,
    destinationCluster: job.destinationCluster,
    storageTarget: storageTargetOf(job),
    kind: job.kind,
    kindLabel: job.plan ? moveKindLabel(job.plan) : migrationKindLabels[job.kind],
    status: job.status,
    phase: phaseOf(job, queuePosition),
    percent,
    elapsedSeconds,
    timeLeftSeconds,
    throughputBytesPerSecond,
    sparkline: recent?.sparkline,
    cancellable:
      !final &&
      cancellableNow(job) &&
      job.status !== 'cancelling' &&
      job.status !== 'verifying' &&
      job.status !== 'rollingBack',
    copyable: job.plan !== undefined,
    outcome: final ? (job.status as JobOutcome) : undefined,
    outcomeText: final && job.finalLocation ? locationText(job.finalLocation) : undefined,
    error: job.error,
    errorId: errorIdText(job.errorId, job.error),
    steps: job.steps.map((s) => ({ label: stepLabels[s.action], host: s.host, status: s.status, message: s.message })),
  };
}

export function toDrainView(d: DrainProgress): DrainView {
  const moving = `${plural(d.migrationsRunning, 'live migration')} running`;
  const phases: Readonly<Record<DrainStatus, string>> = {
    draining: `Draining (${moving})`,
    paused: 'Paused, drained for maintenance',
    failed: 'Drain failed',
    resumed:
      d.endedAt && d.moves?.some((m) => m.destination && m.status !== 'waiting' && sameName(m.destination, d.node))
        ? 'Resumed, roles failed back'
        : 'Resumed',
    failingBack: `Resumed, failing roles back (${moving})`,
  };
  const phase = phases[d.status];
  const moveText = (m: MaintenanceMove): string => {
    const to = m.destination ? ` to ${m.destination}` : '';
    switch (m.status) {
      case 'waiting':
        return 'waiting';
      case 'moving':
        return `moving${to} · ${wholePercent(m.percent)} %`;
      case 'moved':
        return `moved${to}`;
      case 'failed':
        return `failed${to ? ` (going${to})` : ''}`;
    }
  };
  return {
    cluster: d.cluster,
    node: d.node,
    status: d.status,
    phase,
    percent: d.status === 'paused' ? 100 : wholePercent(d.percent),
    migrationsRunning: Math.max(0, Math.round(d.migrationsRunning)),
    nodeState: d.nodeState,
    drainStatus: d.drainStatus,
    error: d.error,
    moves: (d.moves ?? []).map((m) => ({
      vmName: m.vmName,
      status: m.status,
      percent: wholePercent(m.percent),
      text: moveText(m),
    })),
  };
}

export interface PanelSources {
  readonly jobs: readonly MigrationJob[];
  readonly drains: readonly DrainProgress[];
  readonly now: number;
  readonly sizeOf: (job: MigrationJob) => number | undefined;
  readonly queuePosition: (id: string) => number | undefined;
  /** The recent progress samples of a running job (none for the others). */
  readonly samplesOf?: (id: string) => readonly ProgressSample[] | undefined;
}

/** Everything the panel shows: jobs in progress in the order given, then finished ones, newest end first. */
export function toPanelState(s: PanelSources): { jobs: JobView[]; drains: DrainView[] } {
  const active = s.jobs.filter((j) => !isFinal(j.status));
  const ended = (j: MigrationJob): number => isoMs(j.endedAt) ?? isoMs(j.createdAt) ?? 0;
  const finished = s.jobs.filter((j) => isFinal(j.status)).sort((a, b) => ended(b) - ended(a));
  return {
    jobs: [...active, ...finished].map((j) =>
      toJobView(
        j,
        s.now,
        isFinal(j.status) ? undefined : s.sizeOf(j),
        j.status === 'queued' ? s.queuePosition(j.id) : undefined,
        isFinal(j.status) ? undefined : s.samplesOf?.(j.id),
      ),
    ),
    drains: s.drains.map(toDrainView),
  };
}

/** True while something moves, so the panel's clock should tick. */
export function anythingRunning(s: {
  readonly jobs: readonly JobView[];
  readonly drains: readonly DrainView[];
}): boolean {
  return (
    s.jobs.some((j) => j.outcome === undefined) ||
    s.drains.some((d) => d.status === 'draining' || d.status === 'failingBack')
  );
}

// ---- text for the page ------------------------------------------------------------------------------------------

/** "1:23", "1:02:03". */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** "about 2 min left"; an estimate, so no seconds beyond the first minute. */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `about ${h} h left` : `about ${h} h ${m} min left`;
}
