import * as assert from 'node:assert/strict';
import { HostJobFollower, type HostJobEnd } from '../../../src/app/migration/hostJobFollower';
import type { HostMigrationJob } from '../../../src/core/migration/operations/pollMigrations';

const vmId = 'aaaaaaaa-0000-0000-0000-000000000001';
function job(o: Partial<HostMigrationJob>): HostMigrationJob {
  return { instanceId: 'J', vmId, jobType: 306, migrationType: 32771, jobState: 4, percent: 0, errorCode: 0, ...o };
}
function follower(hostJobId?: string, requestedAt = '2026-11-27T10:10:00.000Z') {
  const seen: string[] = [];
  const progress: number[] = [];
  const ends: HostJobEnd[] = [];
  const f = new HostJobFollower('HV-A', vmId, hostJobId, requestedAt, {
    seen: (id) => seen.push(id),
    progress: (p) => progress.push(p),
    ended: (e) => ends.push(e),
  });
  return { f, seen, progress, ends };
}
const snap = (jobs: HostMigrationJob[]) => ({ now: '2026-11-27T10:10:05Z', jobs });
const t0 = Date.parse('2026-11-27T10:10:05Z');

describe('following one host migration job', () => {
  it('does not take the lingering finished job of an earlier move of the same VM for this one', () => {
    const { f, seen, ends } = follower();
    const earlier = job({ instanceId: 'OLD', jobState: 7, percent: 100, startTime: '2026-11-27T10:05:00.000Z' });
    f.onSnapshot(snap([earlier]), t0);
    assert.deepEqual(ends, [], 'the old completed job is not this move ending');
    f.onSnapshot(
      snap([earlier, job({ instanceId: 'NEW', percent: 12, startTime: '2026-11-27T10:10:01.000Z' })]),
      t0 + 1000,
    );
    assert.deepEqual(seen, ['NEW']);
  });

  it("follows its job by InstanceID to the end, with the host's error text when it failed", () => {
    const { f, progress, ends } = follower('NEW');
    f.onSnapshot(snap([job({ instanceId: 'NEW', percent: 30 })]), t0);
    f.onSnapshot(
      snap([
        job({
          instanceId: 'NEW',
          percent: 41,
          jobState: 10,
          errorDescription: 'failed at migration source (0x80072746)',
        }),
      ]),
      t0 + 1000,
    );
    assert.deepEqual(progress, [30, 41]);
    assert.deepEqual(ends, [{ jobState: 10, error: 'failed at migration source (0x80072746)', errorId: 'ErrorCode0' }]);
  });

  it('asks for the next look when the job should end', () => {
    const { f } = follower('NEW');
    const wants = f.onSnapshot(snap([job({ instanceId: 'NEW', percent: 50, elapsedSeconds: 10 })]), t0);
    assert.ok(wants !== undefined && wants >= 10_000 && wants < 10_500, String(wants));
  });

  it("a job that vanished ends the follow so the VM's whereabouts decide; a host unreachable for long ends it with the reason", () => {
    const a = follower('NEW');
    a.f.onSnapshot(snap([]), t0);
    assert.equal(a.ends.length, 1);
    const b = follower('NEW');
    b.f.onError({ host: 'HV-A', script: 'migration-poll.ps1', kind: 'unreachable', message: 'refused' }, t0);
    assert.equal(b.ends.length, 0);
    b.f.onError({ host: 'HV-A', script: 'migration-poll.ps1', kind: 'unreachable', message: 'refused' }, t0 + 121_000);
    assert.match(b.ends[0]?.error ?? '', /Lost contact with HV-A: refused/);
  });
});
