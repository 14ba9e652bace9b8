import * as assert from 'node:assert/strict';
import { IllegalTransition, transition, type JobEvent } from '../../../src/core/migration/jobState';
import type { MigrationJob } from '../../../src/core/migration/model';

const now = '2026-11-27T10:00:00.000Z';
function job(overrides: Partial<MigrationJob> = {}): MigrationJob {
  return {
    id: 'j1',
    kind: 'sharedNothing',
    vm: { id: 'v1', name: 'web-01', host: 'HV-A' },
    sourceHost: 'HV-A',
    destinationHost: 'HV-B',
    status: 'queued',
    percent: 0,
    steps: [{ action: 'moveVm', host: 'HV-A', status: 'pending' }],
    currentStep: 0,
    createdAt: now,
    expectedState: 'Running',
    ...overrides,
  };
}
function run(j: MigrationJob, ...events: JobEvent[]): MigrationJob {
  return events.reduce((x, e) => transition(x, e, now), j);
}
const here = { host: 'HV-B', state: 'Running', clustered: false, diskPaths: [] };
const there = { host: 'HV-A', state: 'Running', clustered: false, diskPaths: [] };

describe('migration job state machine', () => {
  it('queued → starting → running → verifying → succeeded, with progress only forward', () => {
    const j = run(
      job(),
      { type: 'dequeued' },
      { type: 'stepStarted', index: 0 },
      { type: 'started', hostJobId: 'X', requestedAt: now },
      { type: 'progress', percent: 40 },
      { type: 'progress', percent: 30 },
    );
    assert.equal(j.status, 'running');
    assert.equal(j.percent, 40, 'a late, lower answer does not move the bar back');
    const end = run(j, { type: 'hostEnded' }, { type: 'verified', location: here });
    assert.equal(end.status, 'succeeded');
    assert.equal(end.percent, 100);
    assert.deepEqual(end.finalLocation, here);
  });

  it("a host error ends as failed with the host's text and where the VM really is", () => {
    const j = run(
      job(),
      { type: 'dequeued' },
      { type: 'started', requestedAt: now },
      { type: 'hostEnded', error: 'failed at migration source: 0x80072746' },
      { type: 'notVerified', location: there, error: 'still on HV-A' },
    );
    assert.equal(j.status, 'failed');
    assert.match(j.error!, /0x80072746/);
    assert.equal(j.finalLocation?.host, 'HV-A');
  });

  it('cancel: a queued job ends cancelled at once; a running one goes through cancelling to cancelled', () => {
    assert.equal(run(job(), { type: 'cancelRequested' }).status, 'cancelled');
    const j = run(job(), { type: 'dequeued' }, { type: 'started', requestedAt: now }, { type: 'cancelRequested' });
    assert.equal(j.status, 'cancelling');
    const end = run(
      j,
      { type: 'hostEnded', error: 'The operation was canceled by the user.' },
      { type: 'notVerified', location: there, error: 'still on HV-A' },
    );
    assert.equal(end.status, 'cancelled');
  });

  it('a move that finished before the cancel reached the host is a success', () => {
    const j = run(
      job(),
      { type: 'dequeued' },
      { type: 'started', requestedAt: now },
      { type: 'cancelRequested' },
      { type: 'hostEnded' },
      { type: 'verified', location: here },
    );
    assert.equal(j.status, 'succeeded');
  });

  it('silo steps: verified move resumes the following steps; a failed move rolls back and ends failed with the note', () => {
    const silo = job({
      steps: [
        { action: 'removeClusterRole', host: 'A-N1', status: 'pending' },
        { action: 'moveVm', host: 'A-N1', status: 'pending' },
        { action: 'addClusterRole', host: 'B-N1', status: 'pending' },
      ],
    });
    const mid = run(
      silo,
      { type: 'dequeued' },
      { type: 'stepStarted', index: 0 },
      { type: 'stepDone', index: 0 },
      { type: 'stepStarted', index: 1 },
      { type: 'started', requestedAt: now },
      { type: 'hostEnded' },
      { type: 'resumed', location: here },
    );
    assert.equal(mid.status, 'running');
    const failed = run(
      silo,
      { type: 'dequeued' },
      { type: 'stepStarted', index: 0 },
      { type: 'stepDone', index: 0 },
      { type: 'stepStarted', index: 1 },
      { type: 'started', requestedAt: now },
      { type: 'hostEnded', error: 'boom' },
      { type: 'stepFailed', index: 1, message: 'boom' },
      { type: 'rollbackStarted' },
      { type: 'rollbackDone', ok: true, location: there },
    );
    assert.equal(failed.status, 'failed');
    assert.match(failed.error!, /boom\nThe cluster role was put back/);
    assert.deepEqual(
      failed.steps.map((s) => s.status),
      ['done', 'failed', 'skipped'],
    );
  });

  it('refuses what cannot happen: a finished job never restarts or progresses', () => {
    const done = run(job(), { type: 'cancelRequested' });
    for (const e of [
      { type: 'dequeued' },
      { type: 'progress', percent: 50 },
      { type: 'cancelRequested' },
      { type: 'verified', location: here },
    ] as JobEvent[]) {
      assert.throws(() => transition(done, e, now), IllegalTransition);
    }
    assert.throws(() => transition(job(), { type: 'hostEnded' }, now), IllegalTransition);
    assert.throws(() => transition(job(), { type: 'verified', location: here }, now), IllegalTransition);
  });

  it('cancelled between steps before anything moved ends cancelled', () => {
    const j = run(job(), { type: 'dequeued' }, { type: 'cancelRequested' }, { type: 'stopped' });
    assert.equal(j.status, 'cancelled');
    assert.equal(j.steps[0]!.status, 'skipped');
  });
});
