import { addSample, sampleLimits, type ProgressSample, type SampleLimits } from '../../core/migration/progressSamples';

/**
 * The recent progress samples of each move this window follows, for the Migrations panel's sparkline. They live here,
 * on the extension side, so a panel closed and opened again shows them at once; they are not saved (progress is not
 * saved either: the host says it again), so after a reload a move's sparkline starts again from the first tick.
 * Bounded: one window (progressSamples.ts) per job, and a job's window is forgotten when the job ends.
 */
export class ProgressHistory {
  private readonly windows = new Map<string, readonly ProgressSample[]>();

  constructor(private readonly limits: SampleLimits = sampleLimits) {}

  record(id: string, sample: ProgressSample): void {
    this.windows.set(id, addSample(this.windows.get(id) ?? [], sample, this.limits));
  }

  samples(id: string): readonly ProgressSample[] | undefined {
    return this.windows.get(id);
  }

  forget(id: string): void {
    this.windows.delete(id);
  }

  /** How many jobs have samples (tests). */
  get size(): number {
    return this.windows.size;
  }
}
