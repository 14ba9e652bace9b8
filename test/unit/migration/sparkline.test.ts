import * as assert from 'node:assert/strict';
import type { MigrationJob } from '../../../src/core/migration/model';
import type { ProgressSample } from '../../../src/core/migration/progressSamples';
import { toJobView, toPanelState } from '../../../src/core/migration/view/jobView';
import { parseExtensionMessage } from '../../../src/core/migration/view/protocol';
import { recentThroughput, spanText, sparkHeight, sparkWidth } from '../../../src/core/migration/view/sparkline';

const MiB = 1024 ** 2;
/** 1 % of this move is 10 MiB: 10 whole percents in 10 s are 10 MiB/s. */
const size = 1000 * MiB;
/** Samples 10 s apart (the smoothing stretch), so each rate is exactly one interval's. */
const every10s = (...percents: number[]): ProgressSample[] =>
  percents.map((percent, i) => ({ at: i * 10_000, percent }));

const t0 = Date.parse('2026-11-27T10:00:00.000Z');
function job(overrides: Partial<MigrationJob> = {}): MigrationJob {
  return {
    id: 'j1',
    kind: 'sharedNothing',
    vm: { id: 'v1', name: 'web-01', host: 'HV-EAST' },
    sourceHost: 'HV-EAST',
    destinationHost: 'HV-WEST',
    status: 'running',
    percent: 30,
    steps: [{ action: 'moveVm', host: 'HV-EAST', status: 'running' }],
    currentStep: 0,
    createdAt: new Date(t0 - 5000).toISOString(),
    startedAt: new Date(t0).toISOString(),
    expectedState: 'Running',
    ...overrides,
  };
}

describe('the throughput sparkline of a running move (SVG and label model)', () => {
  it('scales to the move’s own fastest rate, oldest on the left, across the whole box', () => {
    const s = recentThroughput(every10s(0, 10, 30, 40, 50), size)!.sparkline!;
    assert.equal(s.width, sparkWidth);
    assert.equal(s.height, sparkHeight);
    // 10, 20, 10, 10 MiB/s: the fastest at the top (y 2), the others half way (y 12).
    assert.equal(s.points, '0,12 40,2 80,12 120,12');
    assert.equal(s.trend, 'steady');
    assert.equal(s.cue, undefined);
    assert.equal(s.label, 'Throughput, last 40 seconds: min 10 MB/s, max 20 MB/s, now 10 MB/s');
  });

  it('a flat line and a line at zero stay visible inside the box (above the baseline)', () => {
    const flat = recentThroughput(every10s(0, 10, 20, 30), size)!.sparkline!;
    assert.equal(flat.points, '0,2 60,2 120,2', 'the same rate throughout: a line along the top');
    const zero = recentThroughput(every10s(5, 5, 5, 5), size)!.sparkline!;
    assert.equal(zero.points, '0,22 60,22 120,22', 'nothing moved: a line along the bottom, not outside the box');
    assert.match(zero.label, /min 0 MB\/s, max 0 MB\/s, now 0 MB\/s/);
  });

  it('says a stall in the label and as a visible cue', () => {
    const s = recentThroughput(every10s(0, 10, 30, 30, 30), size)!.sparkline!;
    assert.equal(s.trend, 'stalled');
    assert.equal(s.cue, 'stalled: no progress for 20 s, was 20 MB/s');
    assert.equal(
      s.label,
      'Throughput, last 40 seconds: min 0 MB/s, max 20 MB/s, now 0 MB/s; stalled: no progress for 20 s, was 20 MB/s',
    );
    assert.equal(s.points, '0,12 40,2 80,22 120,22');
  });

  it('says a slowdown with the rate now and the rate before', () => {
    const s = recentThroughput(every10s(0, 40, 80, 82), size)!.sparkline!;
    assert.equal(s.trend, 'slowed');
    assert.equal(s.cue, 'slowed: 2 MB/s, was 40 MB/s');
    assert.match(s.label, /; slowed: 2 MB\/s, was 40 MB\/s$/);
  });

  it('needs two rates for a line; one gives the rate now only; none gives nothing', () => {
    assert.equal(recentThroughput([], size), undefined);
    assert.equal(recentThroughput(every10s(3), size), undefined);
    assert.deepEqual(recentThroughput(every10s(3, 13), size), { nowBytesPerSecond: 10 * MiB });
  });

  it('the span the label names', () => {
    assert.equal(spanText(800), 'last 1 second');
    assert.equal(spanText(48_000), 'last 48 seconds');
    assert.equal(spanText(90_000), 'last 90 seconds');
    assert.equal(spanText(119_000), 'last 2 minutes');
  });

  it('the panel’s throughput is the sparkline’s “now” while the move runs; only a running move has a sparkline', () => {
    const samples = every10s(0, 10, 30, 40);
    const v = toJobView(job(), t0 + 40_000, size, undefined, samples);
    assert.equal(v.throughputBytesPerSecond, 10 * MiB);
    assert.ok(v.sparkline);
    assert.match(v.sparkline.label, /now 10 MB\/s$/);
    const average = toJobView(job(), t0 + 40_000, size);
    assert.equal(average.sparkline, undefined);
    assert.equal(average.throughputBytesPerSecond, Math.round((size * 0.3) / 40), 'without samples: the average');
    for (const status of ['cancelling', 'verifying'] as const)
      assert.equal(toJobView(job({ status }), t0 + 40_000, size, undefined, samples).sparkline, undefined, status);
    assert.equal(toJobView(job(), t0 + 40_000, undefined, undefined, samples).sparkline, undefined, 'no size');
    const state = toPanelState({
      jobs: [job(), job({ id: 'j2', status: 'succeeded', percent: 100, endedAt: new Date(t0).toISOString() })],
      drains: [],
      now: t0 + 40_000,
      sizeOf: () => size,
      queuePosition: () => undefined,
      samplesOf: () => samples,
    });
    assert.ok(state.jobs[0]!.sparkline);
    assert.equal(state.jobs[1]!.sparkline, undefined, 'a finished move has none');
  });

  it('passes the page’s check; a sparkline with markup or an unknown field does not', () => {
    const v = toJobView(job(), t0 + 40_000, size, undefined, every10s(0, 10, 30, 30, 30));
    const message = JSON.parse(JSON.stringify({ type: 'state', jobs: [v], drains: [] })) as {
      jobs: { sparkline: Record<string, unknown> }[];
    };
    assert.ok(parseExtensionMessage(message));
    const tampered = (change: Record<string, unknown>) =>
      parseExtensionMessage({
        ...message,
        jobs: [{ ...message.jobs[0], sparkline: { ...message.jobs[0]!.sparkline, ...change } }],
      });
    assert.equal(tampered({ points: '0,1 "/><script>alert(1)</script>' }), undefined);
    assert.equal(tampered({ trend: 'panic' }), undefined);
    assert.equal(tampered({ style: 'fill:red' }), undefined);
    assert.equal(tampered({ points: '1,2 '.repeat(2000) }), undefined, 'too long');
  });
});
