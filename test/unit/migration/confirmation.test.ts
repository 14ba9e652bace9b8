import * as assert from 'node:assert/strict';
import { confirmationOf, fixLabel } from '../../../src/core/migration/view/confirmation';
import type { PreflightItem } from '../../../src/core/migration/preflight';
import type { MigrationPlan, MoveRequest } from '../../../src/core/migration/model';
import { estate, planIn, reportOf } from './estate';

const e = estate();
const plan = (request: MoveRequest): MigrationPlan => planIn(e.topology, request);
const report = reportOf;
const web = plan({ vm: { id: e.web.id, name: e.web.name, host: 'HV-A' }, destination: { type: 'host', host: 'HV-B' } });

describe('the confirmation before a move', () => {
  it('says what moves where, each step, and that the preflight found nothing', () => {
    const c = confirmationOf([{ plan: web, report: report(web) }], []);
    assert.equal(c.message, 'Shared-nothing live migration: web-01 from HV-A to HV-B?');
    assert.match(
      c.detail,
      /^1\. Move the VM to HV-B, files: D:\\Hyper-V\\Virtual Hard Disks \(web-01\.vhdx, data\.vhdx\) and D:\\Hyper-V \(configuration, checkpoints, smart paging\)$/m,
    );
    assert.match(c.detail, /Preflight: no problems found on either host\./);
    assert.equal(c.startable, true);
    assert.equal(c.warningCount, 0);
  });

  it('a silo move lists its steps in order', () => {
    const silo = plan({
      vm: { id: e.sql.id, name: 'sql-01', host: 'A-N1' },
      destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N1' },
      storage: { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\sql-01' },
    });
    const c = confirmationOf([{ plan: silo, report: report(silo) }], []);
    assert.match(
      c.detail,
      /1\. Remove the cluster role \(the VM stays\) of CLU-A\n2\. Move the VM to B-N1.*\n3\. Make the VM a cluster role of CLU-B/,
    );
  });

  it('an error blocks the start and offers its fix once; warnings need acceptance', () => {
    const items: PreflightItem[] = [
      {
        check: 'migrationDisabled',
        severity: 'error',
        host: 'HV-B',
        title: 'Live migration is off on HV-B',
        reason: 'Enable-VMMigration was never run.',
        fix: { kind: 'enableMigration', host: 'HV-B' },
      },
      {
        check: 'migrationDisabled',
        severity: 'error',
        host: 'hv-b',
        title: 'again',
        reason: 'same host',
        fix: { kind: 'enableMigration', host: 'hv-b' },
      },
    ];
    const c = confirmationOf([{ plan: web, report: report(web, items) }], []);
    assert.equal(c.startable, false);
    assert.deepEqual(c.fixes.map(fixLabel), ['Turn On Live Migration on HV-B']);
    assert.match(c.detail, /✖ Live migration is off on HV-B: Enable-VMMigration was never run\./);
    const w = confirmationOf(
      [
        {
          plan: web,
          report: report(web, [{ check: 'memory', severity: 'warning', title: 'Low memory', reason: 'tight' }]),
        },
      ],
      [],
    );
    assert.equal(w.startable, true);
    assert.equal(w.warningCount, 1);
    assert.match(w.detail, /1 warning; the move can start if you accept it/);
  });

  it('names the VMs of a drop that will not move, with their reasons', () => {
    const c = confirmationOf(
      [{ plan: web, report: report(web) }],
      [{ reason: 'off-01 is being migrated; wait until that move ends.' }],
    );
    assert.match(c.detail, /Not moved:\n {2}off-01 is being migrated/);
  });

  it('a hostile VM name stays text', () => {
    const hostile = {
      ...web,
      request: { ...web.request, vm: { ...web.request.vm, name: "x'; Remove-VM * -Force; '" } },
    };
    const c = confirmationOf([{ plan: hostile, report: report(hostile) }], []);
    assert.equal(c.message, "Shared-nothing live migration: x'; Remove-VM * -Force; ' from HV-A to HV-B?");
  });
});
