import { batchSummary, type BatchLeft, type BatchSummary } from '../../core/migration/view/batchSummary';
import type { MigrationJob } from '../../core/migration/model';

/**
 * The moves started together (an evacuation, a multi-VM drop, the VMs beside a drain) end as one batch: their ends
 * are told once, in a summary, rather than one notification per VM. The summary waits for every move's end as the
 * hosts report it.
 */
export class BatchTracker {
  private readonly members = new Set<string>();

  constructor(private readonly whenDone: (jobId: string) => Promise<MigrationJob>) {}

  /** True while the job belongs to a batch whose summary is not out yet. */
  has(jobId: string): boolean {
    return this.members.has(jobId);
  }

  async track(title: string, jobs: readonly MigrationJob[], left: readonly BatchLeft[]): Promise<BatchSummary> {
    for (const j of jobs) this.members.add(j.id);
    try {
      const ended = await Promise.all(jobs.map((j) => this.whenDone(j.id)));
      return batchSummary(title, ended, left);
    } finally {
      for (const j of jobs) this.members.delete(j.id);
    }
  }
}
