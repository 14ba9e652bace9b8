import * as assert from 'node:assert/strict';
import { addSample, type ProgressSample } from '../../../src/core/migration/progressSamples';
import { judgeTrend, ratesOf, type Trend } from '../../../src/core/migration/view/throughput';

const MiB = 1024 ** 2;

/** A deterministic jitter of up to ±`ms`, so ticks are not perfectly regular (as on a busy host). */
function jitter(i: number, ms: number): number {
  return Math.round(Math.sin(i * 12.9898) * ms);
}

/**
 * What the tracker keeps of a move whose host reports whole percents (floored, as Hyper-V and the lab do) of `truePercent(t)`
 * on ticks about every 2 s, and the trend judged after each tick.
 */
function follow(truePercent: (seconds: number) => number, seconds: number, sizeBytes: number) {
  let window: readonly ProgressSample[] = [];
  const trends: { at: number; trend: Trend }[] = [];
  for (let i = 0, at = 0; at <= seconds * 1000; i++, at = i * 2000 + jitter(i, 300)) {
    window = addSample(window, { at, percent: Math.min(99, Math.floor(truePercent(at / 1000))) });
    trends.push({ at, trend: judgeTrend(window, ratesOf(window, sizeBytes)) });
  }
  return { window, trends };
}

const steadyAt = (bytesPerSecond: number, size: number) => (s: number) => ((bytesPerSecond * s) / size) * 100;

describe('throughput of a running move: rates and the slowed / stalled rule', () => {
  it('each rate is over the latest sample at least 10 s before (or the first), in bytes per second', () => {
    const size = 100 * 10 * MiB; // 1 % = 10 MiB
    const samples = [0, 2, 4, 6, 8, 10, 12, 14].map((s) => ({ at: s * 1000, percent: s }));
    const points = ratesOf(samples, size);
    assert.equal(points.length, 7);
    assert.deepEqual(
      points.map((p) => p.ms),
      [2000, 4000, 6000, 8000, 10_000, 10_000, 10_000],
    );
    // 1 % a second of 1,000 MiB: 10 MiB/s everywhere.
    assert.ok(points.every((p) => p.bytesPerSecond === 10 * MiB));
  });

  it('a steady move never gets a cue, at any speed, however its whole percents fall', () => {
    const size = 40 * 1024 * MiB;
    for (const mbps of [2000, 450, 120, 40, 12]) {
      const duration = (size / (mbps * MiB)) * 0.98;
      const { trends } = follow(steadyAt(mbps * MiB, size), Math.min(duration, 600), size);
      const cued = trends.filter((t) => t.trend.kind !== 'steady');
      assert.deepEqual(cued, [], `${mbps} MB/s`);
    }
  });

  it('slowed: a move at 450 MB/s that drops to 80 MB/s says so within 20 s, with both rates', () => {
    const size = 20 * 1024 * MiB;
    const fast = (450 * MiB * 100) / size;
    const slow = (80 * MiB * 100) / size;
    const { trends } = follow((s) => (s <= 30 ? fast * s : fast * 30 + slow * (s - 30)), 80, size);
    assert.ok(
      trends.filter((t) => t.at < 30_000).every((t) => t.trend.kind === 'steady'),
      'steady before',
    );
    const after = trends.filter((t) => t.at >= 50_000);
    assert.ok(after.length > 10);
    // A 10 s stretch's rate is known to one whole percent of the move: 20 GiB / 100 / 10 s.
    const quantum = size / 100 / 10 / MiB;
    for (const { trend } of after) {
      assert.equal(trend.kind, 'slowed');
      if (trend.kind !== 'slowed') continue;
      assert.ok(Math.abs(trend.nowBytesPerSecond / MiB - 80) <= quantum * 1.2, `now ${trend.nowBytesPerSecond / MiB}`);
      assert.ok(Math.abs(trend.wasBytesPerSecond / MiB - 450) <= quantum * 1.2, `was ${trend.wasBytesPerSecond / MiB}`);
    }
  });

  it('back to its pace, a slowed move is steady again', () => {
    const size = 40 * 1024 * MiB;
    const fast = (450 * MiB * 100) / size;
    const slow = (80 * MiB * 100) / size;
    const p = (s: number) => (s <= 30 ? fast * s : s <= 60 ? fast * 30 + slow * (s - 30) : fast * (s - 30) + slow * 30);
    const { trends } = follow(p, 90, size);
    assert.ok(trends.some((t) => t.trend.kind === 'slowed'));
    assert.equal(trends[trends.length - 1]!.trend.kind, 'steady');
  });

  it('stalled: no progress for 6 s or more where the pace before would have gained two percents', () => {
    const size = 40 * 1024 * MiB;
    const fast = (450 * MiB * 100) / size;
    const { trends } = follow((s) => fast * Math.min(s, 30), 60, size);
    const last = trends[trends.length - 1]!.trend;
    assert.equal(last.kind, 'stalled');
    if (last.kind === 'stalled') {
      assert.ok(last.forMs >= 26_000 && last.forMs <= 32_000, `${last.forMs} ms`);
      assert.ok(Math.abs(last.wasBytesPerSecond / MiB - 450) < 90);
    }
    const firstStall = trends.find((t) => t.trend.kind === 'stalled')!;
    assert.ok(firstStall.at >= 36_000 && firstStall.at <= 40_000, `first said at ${firstStall.at} ms`);
  });

  it('a slow move between two whole percents is not stalled, nor one that has not moved in the whole window', () => {
    const size = 400 * 1024 * MiB;
    // 1 % every 8 s: 7 s without a change is its normal pace.
    assert.ok(follow((s) => s / 8, 120, size).trends.every((t) => t.trend.kind === 'steady'));
    const still = [0, 2, 4, 6, 8, 10, 12, 14, 16].map((s) => ({ at: s * 1000, percent: 3 }));
    assert.deepEqual(judgeTrend(still, ratesOf(still, size)), { kind: 'steady' });
  });

  it('too few samples: steady, nothing to compare', () => {
    assert.deepEqual(judgeTrend([], []), { kind: 'steady' });
    const one = [{ at: 0, percent: 4 }];
    assert.deepEqual(judgeTrend(one, ratesOf(one, MiB)), { kind: 'steady' });
  });
});
