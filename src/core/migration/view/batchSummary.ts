import { plural } from '../../format/words';
import type { MigrationJob } from '../model';
import { whereText } from './notices';

/**
 * The end of a batch (an evacuation, a multi-VM drop, the VMs moved beside a drain): how many moved, failed, were
 * cancelled or left, and where each VM is now. Pure.
 */
export interface BatchLeft {
  readonly vm: string;
  readonly host: string;
  readonly reason: string;
}

export interface BatchSummary {
  /** One line for the notification: "Evacuation of HV-EAST: 3 moved, 1 failed, 2 left." */
  readonly text: string;
  /** One line per VM, for the summary dialog and the log. */
  readonly lines: readonly string[];
  readonly failed: number;
}

export function batchSummary(title: string, jobs: readonly MigrationJob[], left: readonly BatchLeft[]): BatchSummary {
  const moved = jobs.filter((j) => j.status === 'succeeded');
  const failed = jobs.filter((j) => j.status === 'failed');
  const cancelled = jobs.filter((j) => j.status === 'cancelled');
  const counts = [
    `${moved.length} moved`,
    ...(failed.length ? [`${failed.length} failed`] : []),
    ...(cancelled.length ? [`${cancelled.length} cancelled`] : []),
    ...(left.length ? [`${left.length} left`] : []),
  ];
  const firstSentence = (s: string | undefined): string =>
    s ? (/^[^.]*\.?/.exec(s.trim())?.[0] ?? s).slice(0, 160) : '';
  const lines = [
    ...moved.map((j) => `${j.vm.name}: moved, on ${whereText(j)}`),
    ...failed.map((j) => `${j.vm.name}: failed, on ${whereText(j)}${j.error ? ` — ${firstSentence(j.error)}` : ''}`),
    ...cancelled.map((j) => `${j.vm.name}: cancelled, on ${whereText(j)}`),
    ...left.map((l) => `${l.vm}: left on ${l.host} — ${l.reason}`),
  ];
  return {
    text: `${title}: ${counts.join(', ')} (${plural(jobs.length + left.length, 'VM')}).`,
    lines,
    failed: failed.length,
  };
}
