// Case 10 of issue 10: a failed or cancelled shared-nothing move can leave a planned VM on the destination. The
// verification of the failed move reports it, the preflight of the next move finds it and offers its removal as one
// click, and that fix removes it.
import * as assert from 'node:assert/strict';
import { confirmationOf, fixLabel } from '../../../src/core/migration/view/confirmation';
import type { DestinationFacts, SourceFacts } from '../../../src/core/migration/preflightFacts';
import { evaluatePreflight } from '../../../src/core/migration/preflight';
import { world } from './executorWorld';

describe('planned VMs left on the destination (case 10)', () => {
  it('the failed move says a planned VM was left on the destination', async () => {
    const w = world();
    w.hosts.leavePlanned.add('HV-B');
    w.hosts.failAt.set(w.e.web.id.toLowerCase(), 40);
    const s = w.service();
    const job = s.start(w.plan({ vm: w.ref(w.e.web), destination: { type: 'host', host: 'HV-B' } }));
    await w.runFor(15_000);
    const end = s.job(job.id)!;
    assert.equal(end.status, 'failed');
    assert.match(end.error ?? '', /A planned VM of web-01 was left on HV-B/);
    assert.equal(end.finalLocation?.host, 'HV-A');
    w.end();
  });

  it('the preflight finds it, blocks the move and offers its removal as a button; the fix removes it', async () => {
    const w = world();
    const plan = w.plan({ vm: w.ref(w.e.web), destination: { type: 'host', host: 'HV-B' } });
    const source = {
      host: { name: 'HV-A', migrationEnabled: true, authenticationType: 'Kerberos' },
      vm: {
        id: w.e.web.id,
        name: 'web-01',
        state: 'Running',
        version: '10.0',
        isClustered: false,
        memoryAssignedBytes: 1,
        memoryStartupBytes: 1,
        disks: [],
        adapters: [],
      },
      runningJobs: [],
      delegation: ['Microsoft Virtual System Migration Service/HV-B', 'cifs/HV-B'],
      compare: { ran: true, incompatibilities: [] },
    } as SourceFacts;
    const destination = {
      host: {
        name: 'HV-B',
        migrationEnabled: true,
        authenticationType: 'Kerberos',
        memoryCapacityBytes: 0,
        memoryAssignedBytes: 0,
      },
      supportedVersions: [],
      switches: [],
      space: [],
      plannedVm: { name: 'web-01' },
    } as DestinationFacts;
    const report = evaluatePreflight({ plan, source, destination, now: '2026-11-27T10:00:00Z' });
    const item = report.items.find((i) => i.check === 'plannedVm');
    assert.equal(item?.severity, 'error');
    assert.deepEqual(item?.fix, { kind: 'removePlannedVm', host: 'HV-B', vmId: w.e.web.id, vmName: 'web-01' });
    const c = confirmationOf([{ plan, report }], []);
    assert.equal(c.startable, false);
    assert.deepEqual(c.fixes.map(fixLabel), ['Remove the Leftover Planned VM of web-01 on HV-B']);

    w.hosts.planned.add(`HV-B|${w.e.web.id.toLowerCase()}`);
    const s = w.service();
    assert.deepEqual(await s.removePlannedVm('HV-B', w.e.web.id), { found: true, removed: true, returnValue: 0 });
    assert.equal(w.hosts.planned.size, 0);
    w.end();
  });
});
