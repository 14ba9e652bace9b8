import { formatThroughput } from '../../format/units';
import type { ProgressSample } from '../progressSamples';
import { judgeTrend, ratesOf, type RatePoint, type Trend } from './throughput';

/**
 * What the Migrations panel draws of a running move's recent throughput: a polyline in a small SVG box scaled to the
 * move's own fastest rate, the numbers for screen readers, and a visible cue when it slowed or stalled. Computed here,
 * so the page only sets attributes and text.
 */
export interface SparklineView {
  /** The SVG's viewBox: `0 0 width height`. */
  readonly width: number;
  readonly height: number;
  /** The polyline's points, "x,y x,y …", oldest first. */
  readonly points: string;
  /** "Throughput, last 2 minutes: min 120 MB/s, max 480 MB/s, now 310 MB/s" (and the cue, when there is one). */
  readonly label: string;
  readonly trend: Trend['kind'];
  /** "slowed: 80 MB/s, was 450 MB/s", "stalled: no progress for 24 s, was 450 MB/s". */
  readonly cue?: string;
}

export const sparkWidth = 120;
export const sparkHeight = 24;
/** Room for the line's stroke at the top and bottom, so a flat line at zero or at the maximum stays visible. */
const pad = 2;

/** The move's throughput as the samples show it: its current rate, and the sparkline once there are two points. */
export interface RecentThroughput {
  readonly nowBytesPerSecond: number;
  readonly sparkline?: SparklineView;
}

/** Undefined until two samples are there; `sizeBytes` is what the whole move carries. */
export function recentThroughput(samples: readonly ProgressSample[], sizeBytes: number): RecentThroughput | undefined {
  const points = ratesOf(samples, sizeBytes);
  const last = points[points.length - 1];
  if (!last) return undefined;
  if (points.length < 2) return { nowBytesPerSecond: last.bytesPerSecond };
  const cue = cueText(judgeTrend(samples, points));
  return {
    nowBytesPerSecond: last.bytesPerSecond,
    sparkline: {
      width: sparkWidth,
      height: sparkHeight,
      points: polyline(points),
      label: labelText(points, samples[0]!.at, cue.text),
      trend: cue.trend,
      cue: cue.text,
    },
  };
}

const num = (n: number): string => String(Math.round(n * 10) / 10);

function polyline(points: readonly RatePoint[]): string {
  const t0 = points[0]!.at;
  const span = points[points.length - 1]!.at - t0;
  const max = Math.max(...points.map((p) => p.bytesPerSecond));
  const inner = sparkHeight - 2 * pad;
  return points
    .map((p) => {
      const x = span > 0 ? ((p.at - t0) / span) * sparkWidth : 0;
      const y = sparkHeight - pad - (max > 0 ? (p.bytesPerSecond / max) * inner : 0);
      return `${num(x)},${num(y)}`;
    })
    .join(' ');
}

/** "last 48 seconds", "last 2 minutes". */
export function spanText(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds <= 90) return `last ${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.round(seconds / 60);
  return `last ${minutes} minutes`;
}

function labelText(points: readonly RatePoint[], from: number, cue: string | undefined): string {
  const rates = points.map((p) => p.bytesPerSecond);
  const now = rates[rates.length - 1]!;
  const span = spanText(points[points.length - 1]!.at - from);
  const numbers = `min ${formatThroughput(Math.min(...rates))}, max ${formatThroughput(Math.max(...rates))}, now ${formatThroughput(now)}`;
  return `Throughput, ${span}: ${numbers}${cue ? `; ${cue}` : ''}`;
}

function cueText(trend: Trend): { trend: Trend['kind']; text?: string } {
  switch (trend.kind) {
    case 'steady':
      return { trend: trend.kind };
    case 'slowed':
      return {
        trend: trend.kind,
        text: `slowed: ${formatThroughput(trend.nowBytesPerSecond)}, was ${formatThroughput(trend.wasBytesPerSecond)}`,
      };
    case 'stalled':
      return {
        trend: trend.kind,
        text: `stalled: no progress for ${Math.round(trend.forMs / 1000)} s, was ${formatThroughput(trend.wasBytesPerSecond)}`,
      };
  }
}
