import { stateText } from '../../format/words';
import { errorIdText } from './errorIds';
import type { MigrationJob } from '../model';

/**
 * The short notification at the end of a move: where the VM is now comes first, then what happened in a few words.
 * The host's error and its id go to the panel and the log (`endLogLine`), not into the toast.
 */
export interface EndNotice {
  readonly severity: 'info' | 'error';
  readonly text: string;
}

export function whereText(job: MigrationJob): string {
  const w = job.finalLocation;
  return w ? `${w.host}, ${stateText(w.state)}` : job.sourceHost;
}

export function endNotice(job: MigrationJob): EndNotice {
  const where = whereText(job);
  const dest = job.kind === 'storage' ? 'its storage move' : `its move to ${job.destinationHost}`;
  switch (job.status) {
    case 'succeeded':
      return {
        severity: 'info',
        text: `${job.vm.name} is on ${where}: moved${job.kind === 'storage' ? ' its storage' : ` from ${job.sourceHost}`}.`,
      };
    case 'cancelled':
      return { severity: 'info', text: `${job.vm.name} is on ${where}: ${dest} was cancelled.` };
    default:
      return { severity: 'error', text: `${job.vm.name} is on ${where}: ${dest} failed.` };
  }
}

/** The whole story of an ended move for the log: outcome, where the VM is, the host's error and its id. */
export function endLogLine(job: MigrationJob): string {
  const id = errorIdText(job.errorId, job.error);
  const error = job.error ? ` ${job.error.trim()}` : '';
  return `Migration of ${job.vm.name} (${job.sourceHost} → ${job.destinationHost}) ${job.status}; it is on ${whereText(job)}.${error}${id ? ` Error id: ${id}.` : ''}`;
}
