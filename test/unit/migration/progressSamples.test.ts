import * as assert from 'node:assert/strict';
import { addSample, maxSamples, sampleLimits, type ProgressSample } from '../../../src/core/migration/progressSamples';

const fill = (samples: readonly ProgressSample[]): readonly ProgressSample[] =>
  samples.reduce<readonly ProgressSample[]>((w, s) => addSample(w, s), []);

describe('a move’s progress samples (the sparkline’s window)', () => {
  it('keeps the last two minutes of samples, oldest first, and drops what is older', () => {
    const w = fill(Array.from({ length: 100 }, (_, i) => ({ at: i * 2000, percent: i })));
    assert.equal(w[w.length - 1]!.at, 198_000);
    assert.equal(w[0]!.at, 78_000, 'nothing older than 120 s before the newest');
    assert.equal(w.length, 61);
    assert.ok(w.every((s, i) => i === 0 || s.at > w[i - 1]!.at));
  });

  it('stays bounded however often the host is asked (a tick every 200 ms for ten minutes)', () => {
    const w = fill(Array.from({ length: 3000 }, (_, i) => ({ at: i * 200, percent: Math.floor(i / 30) })));
    assert.ok(w.length <= maxSamples(), `${w.length} samples`);
    assert.equal(maxSamples(sampleLimits), 121);
    assert.ok(w[w.length - 1]!.at - w[0]!.at <= sampleLimits.spanMs);
    assert.ok(w.length >= 100, 'about one sample a second is kept');
  });

  it('leaves out a repeated or reordered answer and a sample too close to the one before', () => {
    const w = fill([
      { at: 10_000, percent: 5 },
      { at: 10_000, percent: 6 },
      { at: 9_000, percent: 7 },
      { at: 10_400, percent: 7 },
      { at: 12_000, percent: 8 },
    ]);
    assert.deepEqual(w, [
      { at: 10_000, percent: 5 },
      { at: 12_000, percent: 8 },
    ]);
  });

  it('progress never goes back (a late answer cannot draw a negative rate); nonsense is ignored', () => {
    const w = fill([
      { at: 0, percent: 40 },
      { at: 2000, percent: 38 },
      { at: 4000, percent: 130 },
      { at: Number.NaN, percent: 50 },
      { at: 6000, percent: Number.POSITIVE_INFINITY },
    ]);
    assert.deepEqual(
      w.map((s) => s.percent),
      [40, 40, 100],
    );
  });

  it('does not change the window it was given', () => {
    const before: readonly ProgressSample[] = [{ at: 0, percent: 1 }];
    const after = addSample(before, { at: 2000, percent: 2 });
    assert.equal(before.length, 1);
    assert.equal(after.length, 2);
  });
});
