// The executor's decision, read only from the record: the same for a fresh job and one restored after a reload.
import * as assert from 'node:assert/strict';
import { holdsSlot, nextAction } from '../../../src/app/migration/nextAction';
import type { MigrationJob, StepStatus } from '../../../src/core/migration/model';
import { planMove } from '../../../src/core/migration/rules';
import { estate } from './estate';

const e = estate();
const r = planMove(
  {
    vm: { id: e.sql.id, name: e.sql.name, host: 'A-N1' },
    destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N2' },
    storage: { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\sql-01' },
  },
  e.topology,
);
if (!r.ok) throw new Error('no plan');
const plan = r.plan;

function job(status: MigrationJob['status'], steps: StepStatus[], over: Partial<MigrationJob> = {}): MigrationJob {
  return {
    id: 'j',
    kind: plan.kind,
    vm: plan.request.vm,
    sourceHost: 'A-N1',
    destinationHost: 'B-N2',
    status,
    percent: 0,
    steps: plan.steps.map((s, i) => ({ action: s.action, host: s.host, status: steps[i]! })),
    currentStep: 0,
    createdAt: '2026-11-27T10:00:00Z',
    expectedState: 'Running',
    plan,
    ...over,
  };
}
const at = '2026-11-27T10:00:01Z';

describe('what the executor does next, from the record alone', () => {
  const cases: [string, MigrationJob, ReturnType<typeof nextAction>][] = [
    ['queued: nothing (the queue starts it)', job('queued', ['pending', 'pending', 'pending']), { type: 'none' }],
    ['dequeued: remove the role', job('starting', ['pending', 'pending', 'pending']), { type: 'send', index: 0 }],
    [
      'the removal went out, no answer: ask the cluster',
      job('running', ['running', 'pending', 'pending'], { sent: { index: 0, at } }),
      { type: 'learn', index: 0 },
    ],
    ['role removed: start the move', job('running', ['done', 'pending', 'pending']), { type: 'send', index: 1 }],
    [
      'the start went out, no answer: ask the source',
      job('running', ['done', 'running', 'pending'], { sent: { index: 1, at } }),
      { type: 'learn', index: 1 },
    ],
    [
      'started on the host: follow it',
      job('running', ['done', 'running', 'pending'], { hostRequestedAt: at }),
      { type: 'follow', index: 1 },
    ],
    [
      'cancelled while it runs: follow it (the cancel goes to the host)',
      job('cancelling', ['done', 'running', 'pending'], { hostRequestedAt: at, cancelRequested: true }),
      { type: 'follow', index: 1 },
    ],
    [
      'host job ended: verify the move',
      job('verifying', ['done', 'running', 'pending'], { hostRequestedAt: at }),
      { type: 'verifyMove', index: 1 },
    ],
    [
      'moved: give the role at the destination',
      job('running', ['done', 'done', 'pending']),
      { type: 'send', index: 2 },
    ],
    [
      'cancelled after the move: the give-back still happens',
      job('running', ['done', 'done', 'pending'], { cancelRequested: true }),
      { type: 'send', index: 2 },
    ],
    [
      'the give-back went out, no answer: ask the destination',
      job('running', ['done', 'done', 'running'], { sent: { index: 2, at } }),
      { type: 'learn', index: 2 },
    ],
    ['all done: verify the end', job('running', ['done', 'done', 'done']), { type: 'verifyEnd' }],
    ['verifying the end', job('verifying', ['done', 'done', 'done']), { type: 'verifyEnd' }],
    [
      'cancelled after the role was removed, before the move: give it back',
      job('cancelling', ['done', 'pending', 'pending'], { cancelRequested: true }),
      { type: 'rollBack' },
    ],
    [
      'cancelled before anything happened: stop',
      job('cancelling', ['pending', 'pending', 'pending'], { cancelRequested: true }),
      { type: 'stop' },
    ],
    ['rolling back: roll back (again)', job('rollingBack', ['done', 'failed', 'pending']), { type: 'rollBack' }],
    ['ended: nothing', job('failed', ['done', 'failed', 'skipped']), { type: 'none' }],
  ];
  for (const [name, j, expected] of cases) {
    it(name, () => assert.deepEqual(nextAction(j), expected));
  }

  it("a job holds its source host's slot from its start until its move ended", () => {
    assert.equal(holdsSlot(job('queued', ['pending', 'pending', 'pending'])), false);
    assert.equal(holdsSlot(job('starting', ['pending', 'pending', 'pending'])), true);
    assert.equal(holdsSlot(job('running', ['done', 'running', 'pending'], { sent: { index: 1, at } })), true);
    assert.equal(holdsSlot(job('verifying', ['done', 'running', 'pending'])), false);
    assert.equal(holdsSlot(job('running', ['done', 'done', 'pending'])), false);
  });
});
