// The executor against scripted hosts: cancel while the start is on its way (case 1), a start whose answer is lost or
// whose record was saved before the answer (case 3), a removal of the role whose answer is lost, and the queue's slot
// accounting on the path of a restored start. Each ends with what the hosts hold.
import * as assert from 'node:assert/strict';
import { gate } from './fakeHosts';
import { world } from './executorWorld';

describe('the step executor: requests whose outcome is unknown', () => {
  it('case 1: a cancel while the start is on its way is sent as soon as the host job is known; the VM stays where it was', async () => {
    const w = world();
    const held = gate();
    w.hosts.rule({ script: 'migration-start-move.ps1', hold: held.promise });
    const s = w.service();
    const job = s.start(w.plan({ vm: w.ref(w.e.web), destination: { type: 'host', host: 'HV-B' } }));
    await w.runFor(500);
    await s.cancel(job.id);
    assert.equal(s.job(job.id)!.status, 'cancelling');
    held.open();
    await w.runFor(3000);
    const end = s.job(job.id)!;
    assert.equal(end.status, 'cancelled', end.error);
    assert.equal(w.hosts.count('migration-cancel.ps1'), 1, 'the cancel reached the host');
    assert.equal(w.hosts.vms.get(w.e.web.id)!.host, 'HV-A');
    assert.equal(end.finalLocation?.host, 'HV-A');
    w.end();
  });

  it('case 1: standalone → cluster cancelled too late still ends as planned: the role is added on the destination', async () => {
    const w = world(200);
    const held = gate();
    w.hosts.rule({ script: 'migration-start-move.ps1', hold: held.promise });
    // The move is over on the host before our cancel can reach it.
    w.hosts.rule({ script: 'migration-cancel.ps1', refuse: 'The job has already completed.' });
    const s = w.service();
    const job = s.start(
      w.plan({
        vm: w.ref(w.e.web),
        destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N1' },
        storage: { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\web-01' },
      }),
    );
    await w.runFor(100);
    await s.cancel(job.id);
    held.open();
    await w.runFor(5000);
    const end = s.job(job.id)!;
    assert.equal(end.status, 'succeeded', end.error);
    const vm = w.hosts.vms.get(w.e.web.id)!;
    assert.deepEqual([vm.host, vm.clustered], ['B-N1', true], 'a VM moved into a cluster is a role there');
    assert.match(end.error ?? '', /before the cancel reached the host/);
    w.end();
  });

  it('case 3: a start whose answer is lost (timeout) is followed on the host, not failed, and never sent twice', async () => {
    const w = world();
    w.hosts.rule({ script: 'migration-start-move.ps1', lose: 'timeout' });
    const s = w.service();
    const job = s.start(w.plan({ vm: w.ref(w.e.web), destination: { type: 'host', host: 'HV-B' } }));
    await w.runFor(20_000);
    const end = s.job(job.id)!;
    assert.equal(end.status, 'succeeded', end.error);
    assert.equal(w.hosts.count('migration-start-move.ps1'), 1);
    assert.equal(w.hosts.vms.get(w.e.web.id)!.host, 'HV-B');
    w.end();
  });

  it('case 3: a start lost before it reached the host is sent again only after the host shows no trace of it', async () => {
    const w = world();
    // The local PowerShell died before the host ran anything: refused here = nothing happened, but we are told 'process'.
    w.hosts.rule({ script: 'migration-start-move.ps1', refuse: 'x' });
    const s = w.service();
    const original = w.hosts.run.bind(w.hosts);
    let first = true;
    w.hosts.run = async (op, targets) => {
      const r = await original(op, targets);
      if (op.script.name === 'migration-start-move.ps1' && first) {
        first = false;
        return r.map((x) => (x.ok ? x : { ...x, error: { ...x.error, kind: 'process' as const } }));
      }
      return r;
    };
    const job = s.start(w.plan({ vm: w.ref(w.e.web), destination: { type: 'host', host: 'HV-B' } }));
    await w.runFor(2000);
    assert.equal(w.hosts.count('migration-start-move.ps1'), 1, 'not sent again before the settle time');
    assert.ok(w.hosts.count('migration-poll.ps1') >= 1, 'the host was asked');
    await w.runFor(25_000);
    assert.equal(w.hosts.count('migration-start-move.ps1'), 2);
    assert.equal(s.job(job.id)!.status, 'succeeded', s.job(job.id)!.error);
    w.end();
  });

  it('case 3: a record saved after "start sent" but before the answer is resumed by asking the host, not by sending again', async () => {
    const w = world();
    // The host gets the start; its answer never comes back: the window reloads meanwhile.
    w.hosts.rule({ script: 'migration-start-move.ps1', vanish: true });
    const first = w.service();
    const job = first.start(w.plan({ vm: w.ref(w.e.web), destination: { type: 'host', host: 'HV-B' } }));
    await w.runFor(300);
    await first.flushed();
    assert.equal(
      (await w.history.load()).find((r) => r.id === job.id)?.steps[0]?.status,
      'running',
      'the start was recorded before it went out',
    );
    first.dispose();
    const later = w.service();
    await later.restore(['HV-A', 'HV-B']);
    await w.runFor(20_000);
    assert.equal(later.job(job.id)!.status, 'succeeded', later.job(job.id)!.error);
    assert.equal(w.hosts.count('migration-start-move.ps1'), 1, 'one Move-VM only');
    w.end();
  });

  it('case 3: the restored start keeps its slot: the next move on that host (limit 2, both taken) waits for it', async () => {
    const w = world();
    w.hosts.rule({ script: 'migration-start-move.ps1', vanish: true, times: 2 });
    const first = w.service();
    const a = first.start(w.plan({ vm: w.ref(w.e.web), destination: { type: 'host', host: 'HV-B' } }));
    const b = first.start(w.plan({ vm: w.ref(w.e.off), destination: { type: 'host', host: 'HV-B' } }));
    await w.runFor(300);
    await first.flushed();
    first.dispose();
    const later = w.service();
    await later.restore(['HV-A', 'HV-B']);
    const c = later.start(
      w.plan({ vm: w.ref(w.e.onShare), destination: { type: 'host', host: 'HV-B' }, storage: { mode: 'shared' } }),
    );
    await w.runFor(3000);
    assert.equal(later.job(c.id)!.status, 'queued', 'both slots of HV-A are held by the restored moves');
    await w.runFor(30_000);
    for (const id of [a.id, b.id, c.id]) assert.equal(later.job(id)!.status, 'succeeded', later.job(id)!.error);
    assert.equal(w.hosts.count('migration-start-move.ps1'), 3, 'each move started once');
    assert.equal(w.hosts.peak.get('HV-A'), 2, "never more than the host's limit at once");
    w.end();
  });

  it('case 3: a role removal whose answer is lost is read from the cluster; a failed move then gives the role back', async () => {
    const w = world();
    w.hosts.rule({ script: 'cluster-remove-role.ps1', lose: 'cancelled' });
    w.hosts.failAt.set(w.e.sql.id.toLowerCase(), 30);
    const s = w.service();
    const job = s.start(
      w.plan({
        vm: w.ref(w.e.sql),
        destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N2' },
        storage: { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\sql-01' },
      }),
    );
    await w.runFor(20_000);
    const end = s.job(job.id)!;
    assert.equal(end.status, 'failed');
    assert.match(end.error ?? '', /role was put back/);
    const vm = w.hosts.vms.get(w.e.sql.id)!;
    assert.deepEqual([vm.host, vm.clustered, vm.group], ['A-N1', true, 'sql-01']);
    assert.equal(w.hosts.count('cluster-remove-role.ps1'), 1, 'not removed a second time');
    w.end();
  });
});
