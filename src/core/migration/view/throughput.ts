import type { ProgressSample } from '../progressSamples';

/**
 * A running move's throughput over its recent samples, and whether it slowed or stalled. A host reports whole
 * percents, so a stretch's true gain lies within one percent of what its samples say: the rules below call a move
 * slowed or stalled only when that is so even at the edges of this uncertainty, so a steady move never gets a cue.
 */

/** The rate over one trailing stretch that ends at a sample. */
export interface RatePoint {
  /** The stretch's end (the sample's time, ms). */
  readonly at: number;
  /** The stretch's length (ms). */
  readonly ms: number;
  /** Whole percents gained over it. */
  readonly gained: number;
  /** Whole bytes per second. */
  readonly bytesPerSecond: number;
}

/**
 * Each point is the rate since the latest sample at least this long before it (or since the first sample): over
 * 2-second ticks one whole percent is a large part of a tick's gain; over 10 seconds it is a small part of a pace.
 */
export const smoothingMs = 10_000;

/** No gain for at least this long, while the pace before would have gained two percents, is a stall. */
export const stallMs = 6_000;

export type Trend =
  | { readonly kind: 'steady' }
  | { readonly kind: 'slowed'; readonly nowBytesPerSecond: number; readonly wasBytesPerSecond: number }
  | { readonly kind: 'stalled'; readonly forMs: number; readonly wasBytesPerSecond: number };

/** One rate point per sample after the first, `sizeBytes` being what the whole move carries. */
export function ratesOf(samples: readonly ProgressSample[], sizeBytes: number, smoothMs = smoothingMs): RatePoint[] {
  const points: RatePoint[] = [];
  let from = 0;
  for (let i = 1; i < samples.length; i++) {
    const end = samples[i]!;
    while (from + 1 < i && end.at - samples[from + 1]!.at >= smoothMs) from++;
    const start = samples[from]!;
    const ms = end.at - start.at;
    const gained = end.percent - start.percent;
    points.push({ at: end.at, ms, gained, bytesPerSecond: Math.round((sizeBytes * gained) / 100 / (ms / 1000)) });
  }
  return points;
}

/** Percent per ms at the least (a stretch may have gained almost one percent less than it says). */
const leastPace = (p: RatePoint): number => Math.max(0, p.gained - 1) / p.ms;
/** Percent per ms at the most. */
const mostPace = (p: RatePoint): number => (p.gained + 1) / p.ms;

/**
 * Stalled: the percent has not changed for `stallMs` or more, and at the best pace the move showed before (at its
 * least) it would have gained two percents meanwhile. Slowed: the last stretch's pace, even at its most, is under half
 * the best pace seen (at its least). Otherwise steady. "Was" is the fastest rate the sparkline shows.
 */
export function judgeTrend(samples: readonly ProgressSample[], points: readonly RatePoint[]): Trend {
  const last = samples[samples.length - 1];
  const lastPoint = points[points.length - 1];
  if (!last || !lastPoint) return { kind: 'steady' };
  let stillSince = samples.length - 1;
  while (stillSince > 0 && samples[stillSince - 1]!.percent === last.percent) stillSince--;
  const stillFrom = samples[stillSince]!.at;
  const before = points.filter((p) => p.at <= stillFrom);
  const forMs = last.at - stillFrom;
  if (before.length > 0 && forMs >= stallMs) {
    const pace = Math.max(...before.map(leastPace));
    if (pace * forMs >= 2) return { kind: 'stalled', forMs, wasBytesPerSecond: fastest(before) };
  }
  const best = Math.max(...points.map(leastPace));
  if (mostPace(lastPoint) < best / 2)
    return { kind: 'slowed', nowBytesPerSecond: lastPoint.bytesPerSecond, wasBytesPerSecond: fastest(points) };
  return { kind: 'steady' };
}

function fastest(points: readonly RatePoint[]): number {
  return Math.max(0, ...points.map((p) => p.bytesPerSecond));
}
