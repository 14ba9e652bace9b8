/**
 * The recent progress of one running move, as the tracker's ticks saw it on the source host: a bounded window of
 * samples from which the Migrations panel draws its throughput sparkline (view/throughput.ts).
 *
 * The window is a time span, not a count: ticks come every 2 s as a rule but sooner when a move is about to end, and a
 * count would then cover a shorter stretch than the label says. Two minutes show a slowdown against the pace before
 * it and keep about two pixels per sample in a 120-pixel sparkline; samples closer than a second to the one before are
 * dropped, so a window holds at most spanMs / minGapMs + 1 samples (121) however often the hosts are asked.
 */

/** One look at a move: the host's time of the look (ms) and the whole percent its Msvm_MigrationJob reported. */
export interface ProgressSample {
  readonly at: number;
  readonly percent: number;
}

export interface SampleLimits {
  /** How far back from the newest sample the window reaches. */
  readonly spanMs: number;
  /** A sample closer than this to the one before it is dropped. */
  readonly minGapMs: number;
}

export const sampleLimits: SampleLimits = { spanMs: 120_000, minGapMs: 1_000 };

/** The most samples a window holds under these limits. */
export function maxSamples(limits: SampleLimits = sampleLimits): number {
  return Math.floor(limits.spanMs / limits.minGapMs) + 1;
}

/**
 * The window with the sample added: a sample not after the newest (a reordered or repeated answer) or too close to it
 * is left out, progress never goes back (a late answer cannot draw a negative rate), and samples older than the span
 * are dropped. The window passed in is not changed.
 */
export function addSample(
  window: readonly ProgressSample[],
  sample: ProgressSample,
  limits: SampleLimits = sampleLimits,
): readonly ProgressSample[] {
  if (!Number.isFinite(sample.at) || !Number.isFinite(sample.percent)) return window;
  const last = window[window.length - 1];
  if (last && sample.at - last.at < limits.minGapMs) return window;
  const percent = Math.min(100, Math.max(0, sample.percent, last?.percent ?? 0));
  const from = sample.at - limits.spanMs;
  let first = 0;
  while (first < window.length && window[first]!.at < from) first++;
  return [...window.slice(first), { at: sample.at, percent }];
}
