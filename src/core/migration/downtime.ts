import { formatBytes } from '../format/units';
import { plural } from '../format/words';
import { movingStep } from './planSteps';
import type { MigrationJob } from './model';

/**
 * How long a VM is down when it cannot move live: a quick migration writes its memory to storage and reads it back on
 * the new owner, an offline move with Save does the same around the move. Estimated from the VM's memory and the
 * throughput the user's own live moves reached, or, before any was measured, an assumption said as one.
 */

export interface Throughput {
  readonly bytesPerSecond: number;
  /** Where the figure comes from, as the user reads it ("measured over your last 3 live moves"). */
  readonly basis: string;
}

/** The downtime the user is told of before a fallback, kept in the request so the confirmation and the script say it. */
export interface DowntimeEstimate {
  readonly seconds: number;
  /** How it was estimated ("4 GB saved and restored at 410 MB/s, measured over your last 3 live moves"). */
  readonly basis: string;
}

/** 1 Gbit/s: the slowest network Microsoft supports for live migration, so an estimate from it errs long. */
export const assumedThroughput: Throughput = {
  bytesPerSecond: 125_000_000,
  basis: 'an assumed 1 Gbit/s (no live move measured yet)',
};

/** The live moves measured: the last `count` that succeeded and carried a known number of bytes. */
const measuredCount = 5;
/** Shorter moves say more about the time to start and verify than about the network. */
const shortestMeasuredSeconds = 2;

/**
 * The throughput the last live moves reached, from end to end (start, copy, switch-over, check), so it errs slow;
 * undefined when none can be measured.
 */
export function measuredThroughput(jobs: readonly MigrationJob[]): Throughput | undefined {
  const measured = jobs
    .filter((j) => j.status === 'succeeded' && isLive(j))
    .map((j) => ({ bytes: j.plan?.carriedBytes ?? 0, seconds: secondsOf(j), endedAt: j.endedAt ?? '' }))
    .filter((m) => m.bytes > 0 && m.seconds >= shortestMeasuredSeconds)
    .sort((a, b) => (a.endedAt < b.endedAt ? 1 : a.endedAt > b.endedAt ? -1 : 0))
    .slice(0, measuredCount);
  if (measured.length === 0) return undefined;
  const bytes = measured.reduce((n, m) => n + m.bytes, 0);
  const seconds = measured.reduce((n, m) => n + m.seconds, 0);
  return {
    bytesPerSecond: bytes / seconds,
    basis: `measured over your last ${plural(measured.length, 'live move')}`,
  };
}

function isLive(job: MigrationJob): boolean {
  const step = movingStep(job.plan);
  if (!step) return false;
  if (step.action === 'moveClusterRole') return step.migrationType === 'Live';
  return step.action === 'moveVm' && job.expectedState === 'Running';
}

function secondsOf(job: MigrationJob): number {
  const from = Date.parse(job.startedAt ?? '');
  const to = Date.parse(job.endedAt ?? '');
  return Number.isNaN(from) || Number.isNaN(to) ? 0 : (to - from) / 1000;
}

/** The VM's memory written out and read back: twice its memory at the throughput, rounded up to whole seconds. */
export function saveRestoreDowntime(memoryBytes: number, throughput: Throughput): DowntimeEstimate {
  const seconds = Math.max(1, Math.ceil((2 * memoryBytes) / throughput.bytesPerSecond));
  return {
    seconds,
    basis: `${formatBytes(memoryBytes)} of memory saved and restored at ${formatBytes(throughput.bytesPerSecond)}/s, ${throughput.basis}`,
  };
}

/** "about 25 s", "about 2 min 5 s". */
export function downtimeText(d: DowntimeEstimate): string {
  if (d.seconds < 60) return `about ${d.seconds} s`;
  const min = Math.floor(d.seconds / 60);
  const s = d.seconds % 60;
  return `about ${min} min${s ? ` ${s} s` : ''}`;
}
