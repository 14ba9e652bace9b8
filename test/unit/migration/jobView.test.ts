import * as assert from 'node:assert/strict';
import {
  anythingRunning,
  formatElapsed,
  formatTimeLeft,
  toDrainView,
  toJobView,
  toPanelState,
} from '../../../src/core/migration/view/jobView';
import { formatThroughput } from '../../../src/core/format/units';
import type { MigrationJob } from '../../../src/core/migration/model';
import { parseExtensionMessage } from '../../../src/core/migration/view/protocol';

const t0 = Date.parse('2026-11-27T10:00:00.000Z');
const iso = (secondsAfter: number): string => new Date(t0 + secondsAfter * 1000).toISOString();

function job(overrides: Partial<MigrationJob> = {}): MigrationJob {
  return {
    id: 'j1',
    kind: 'sharedNothing',
    vm: { id: 'v1', name: 'web-01', host: 'HV-EAST' },
    sourceHost: 'HV-EAST',
    destinationHost: 'HV-WEST',
    status: 'running',
    percent: 25,
    steps: [{ action: 'moveVm', host: 'HV-EAST', status: 'running' }],
    currentStep: 0,
    createdAt: iso(-10),
    startedAt: iso(0),
    expectedState: 'Running',
    ...overrides,
  };
}

describe('migration job view', () => {
  it('a running move: phase, percent, elapsed, time left and throughput', () => {
    const v = toJobView(job(), t0 + 60_000, 4 * 1024 ** 3);
    assert.equal(v.vmName, 'web-01');
    assert.equal(v.source, 'HV-EAST');
    assert.equal(v.destination, 'HV-WEST');
    assert.equal(v.kindLabel, 'Shared-nothing live migration');
    assert.equal(v.phase, 'Move the VM');
    assert.equal(v.percent, 25);
    assert.equal(v.elapsedSeconds, 60);
    assert.equal(v.timeLeftSeconds, 180, '60 s for 25 %: 180 s for the other 75 %');
    assert.equal(v.throughputBytesPerSecond, Math.round((4 * 1024 ** 3) / 4 / 60));
    assert.equal(v.cancellable, true);
    assert.equal(v.outcome, undefined);
  });

  it('time left and throughput only when they can be known', () => {
    const now = t0 + 60_000;
    const size = 1024 ** 3;
    for (const [what, j, s] of [
      ['no progress yet', job({ percent: 0 }), size],
      ['queued', job({ status: 'queued', percent: 0, startedAt: undefined }), size],
      ['verifying', job({ status: 'verifying', percent: 100 }), size],
      ['cancelling', job({ status: 'cancelling', percent: 40 }), size],
      ['not started', job({ startedAt: undefined }), size],
    ] as const) {
      const v = toJobView(j, now, s);
      assert.equal(v.timeLeftSeconds, undefined, what);
      assert.equal(v.throughputBytesPerSecond, undefined, what);
    }
    const unknownSize = toJobView(job(), now);
    assert.equal(unknownSize.throughputBytesPerSecond, undefined, 'no size, no throughput');
    assert.equal(unknownSize.timeLeftSeconds, 180, 'time left needs no size');
    assert.equal(toJobView(job(), now, 0).throughputBytesPerSecond, undefined);
  });

  it('a finished move: 100 % on success, outcome with where the VM is, elapsed up to the end', () => {
    const v = toJobView(
      job({
        status: 'succeeded',
        percent: 97,
        endedAt: iso(83),
        finalLocation: { host: 'HV-WEST', state: 'Running', clustered: false, diskPaths: [] },
      }),
      t0 + 3_600_000,
      1024 ** 3,
    );
    assert.equal(v.percent, 100);
    assert.equal(v.outcome, 'succeeded');
    assert.equal(v.outcomeText, 'on HV-WEST, Running');
    assert.equal(v.elapsedSeconds, 83, 'the clock stops at the end');
    assert.equal(v.cancellable, false);
    assert.equal(v.timeLeftSeconds, undefined);
    assert.equal(v.throughputBytesPerSecond, undefined);
  });

  it('a failed move keeps its percent, error and error id', () => {
    const v = toJobView(
      job({
        status: 'failed',
        percent: 40,
        endedAt: iso(20),
        error: 'There is not enough space on the disk.',
        errorId: 'VMMigrationFailed,Microsoft.HyperV.PowerShell.Commands.MoveVM',
        finalLocation: { host: 'HV-EAST', state: 'Running', clustered: true, diskPaths: [] },
      }),
      t0 + 60_000,
    );
    assert.equal(v.percent, 40);
    assert.equal(v.outcome, 'failed');
    assert.equal(v.outcomeText, 'on HV-EAST, Running, a cluster role');
    assert.equal(v.error, 'There is not enough space on the disk.');
    assert.equal(v.errorId, 'VMMigrationFailed,Microsoft.HyperV.PowerShell.Commands.MoveVM');
  });

  it('while the product waits for a host, the phase says what for', () => {
    const v = toJobView(job({ status: 'running', waiting: 'Waiting for HV-A to answer: refused' }), t0);
    assert.equal(v.phase, 'Running: Waiting for HV-A to answer: refused');
  });

  it('phase of a queued job gives its place in line; elapsed counts the wait', () => {
    const queued = job({ status: 'queued', percent: 0, startedAt: undefined });
    assert.equal(toJobView(queued, t0, undefined, 3).phase, 'Queued (3 in line)');
    assert.equal(toJobView(queued, t0).phase, 'Queued');
    assert.equal(toJobView(queued, t0).elapsedSeconds, 10);
    assert.equal(toJobView(queued, t0).cancellable, true);
  });

  it('phases of the other states, and who may be cancelled', () => {
    const cases = [
      ['starting', 'Starting', true],
      ['cancelling', 'Cancelling', false],
      ['verifying', 'Verifying', false],
      ['rollingBack', 'Rolling back', false],
      ['cancelled', 'Cancelled', false],
    ] as const;
    for (const [status, phase, cancellable] of cases) {
      const v = toJobView(job({ status, endedAt: status === 'cancelled' ? iso(5) : undefined }), t0 + 10_000);
      assert.equal(v.phase, phase, status);
      assert.equal(v.cancellable, cancellable, status);
    }
  });

  it('a silo move shows each step and which one runs', () => {
    const v = toJobView(
      job({
        kind: 'clusterToCluster',
        destinationCluster: 'CL-WEST',
        destinationHost: 'WEST-N1',
        currentStep: 1,
        steps: [
          { action: 'removeClusterRole', host: 'EAST-N1', status: 'done' },
          { action: 'moveVm', host: 'EAST-N1', status: 'running' },
          { action: 'addClusterRole', host: 'WEST-N1', status: 'pending' },
        ],
      }),
      t0 + 1000,
    );
    assert.equal(v.destinationCluster, 'CL-WEST');
    assert.equal(v.kindLabel, 'Cluster → cluster');
    assert.equal(v.phase, 'Step 2 of 3: Move the VM');
    assert.deepEqual(
      v.steps.map((s) => [s.label, s.host, s.status]),
      [
        ['Remove the cluster role (the VM stays)', 'EAST-N1', 'done'],
        ['Move the VM', 'EAST-N1', 'running'],
        ['Make the VM a cluster role', 'WEST-N1', 'pending'],
      ],
    );
  });

  it('never a negative elapsed time when clocks disagree', () => {
    assert.equal(toJobView(job({ startedAt: iso(30) }), t0).elapsedSeconds, 0);
    assert.equal(toJobView(job({ startedAt: iso(30) }), t0).timeLeftSeconds, undefined);
  });

  it('drains: phase and percent', () => {
    assert.deepEqual(
      toDrainView({
        cluster: 'CL-EAST',
        node: 'EAST-N2',
        status: 'draining',
        migrationsRunning: 2,
        percent: 33.4,
        nodeState: 'Paused',
        drainStatus: 'InProgress',
      }),
      {
        cluster: 'CL-EAST',
        node: 'EAST-N2',
        status: 'draining',
        phase: 'Draining (2 live migrations running)',
        percent: 33,
        migrationsRunning: 2,
        nodeState: 'Paused',
        drainStatus: 'InProgress',
        error: undefined,
        moves: [],
      },
    );
    assert.equal(
      toDrainView({ cluster: 'C', node: 'N', status: 'paused', migrationsRunning: 0, percent: 90 }).percent,
      100,
    );
    assert.equal(
      toDrainView({ cluster: 'C', node: 'N', status: 'failed', migrationsRunning: 0, percent: 50, error: 'x' }).phase,
      'Drain failed',
    );
  });

  it('panel state: running first, then finished newest end first; valid for the protocol', () => {
    const jobs = [
      job({ id: 'old', status: 'succeeded', endedAt: iso(10) }),
      job({ id: 'run' }),
      job({ id: 'new', status: 'failed', endedAt: iso(50), error: 'e' }),
      job({ id: 'q', status: 'queued', percent: 0, startedAt: undefined }),
    ];
    const state = toPanelState({
      jobs,
      drains: [],
      now: t0 + 60_000,
      sizeOf: () => 1024 ** 3,
      queuePosition: (id) => (id === 'q' ? 1 : undefined),
    });
    assert.deepEqual(
      state.jobs.map((j) => j.id),
      ['run', 'q', 'new', 'old'],
    );
    assert.equal(state.jobs[1]?.phase, 'Queued (1 in line)');
    assert.ok(
      parseExtensionMessage(JSON.parse(JSON.stringify({ type: 'state', ...state }))),
      'what the host sends passes the page check',
    );
    assert.ok(parseExtensionMessage(structuredClone({ type: 'state', ...state })), 'with its undefined fields too');
    assert.equal(anythingRunning(state), true);
    assert.equal(anythingRunning({ jobs: state.jobs.filter((j) => j.outcome), drains: [] }), false);
  });

  it('text: elapsed, time left, throughput', () => {
    assert.equal(formatElapsed(83), '1:23');
    assert.equal(formatElapsed(3723), '1:02:03');
    assert.equal(formatElapsed(0), '0:00');
    assert.equal(formatTimeLeft(20), 'less than a minute left');
    assert.equal(formatTimeLeft(130), 'about 2 min left');
    assert.equal(formatTimeLeft(3600), 'about 1 h left');
    assert.equal(formatTimeLeft(5400), 'about 1 h 30 min left');
    assert.equal(formatThroughput(412 * 1024 ** 2), '412 MB/s');
  });
});
