import * as assert from 'node:assert/strict';
import {
  assumedThroughput,
  downtimeText,
  measuredThroughput,
  saveRestoreDowntime,
  type Throughput,
} from '../../../src/core/migration/downtime';
import {
  cancellableNow,
  quickGetsPastFailure,
  quickMigrationAfter,
  quickMigrationOffer,
  withFallbackOffers,
} from '../../../src/core/migration/fallbacks';
import type { MigrationJob, MigrationPlan, MoveRequest } from '../../../src/core/migration/model';
import { evaluatePreflight, type PreflightItem } from '../../../src/core/migration/preflight';
import type { DestinationFacts, SourceFacts } from '../../../src/core/migration/preflightFacts';
import { confirmationOf, fixLabel } from '../../../src/core/migration/view/confirmation';
import { migrationScript } from '../../../src/core/migration/view/copyAsPowerShell';
import { toJobView } from '../../../src/core/migration/view/jobView';
import { estate, GB, jobOf, planIn, reportOf } from './estate';

const MB = 1024 ** 2;
const e = estate();
const measured: Throughput = { bytesPerSecond: 400 * MB, basis: 'measured over your last 2 live moves' };

function sqlRequest(extra: Partial<MoveRequest> = {}): MoveRequest {
  return {
    vm: { id: e.sql.id, name: e.sql.name, host: 'A-N1' },
    destination: { type: 'clusterNode', cluster: 'CLU-A', node: 'A-N2' },
    ...extra,
  };
}
const livePlan = (): MigrationPlan => planIn(e.topology, sqlRequest());

const error = (check: PreflightItem['check'], reason = 'refused'): PreflightItem => ({
  check,
  severity: 'error',
  title: check,
  reason,
});
const needs = { host: 'A-N2', memoryBytes: 4 * GB, space: [] };

/** A finished move of `bytes` that took `seconds`, as history keeps it. */
function finished(plan: MigrationPlan, bytes: number, seconds: number, status: MigrationJob['status'] = 'succeeded') {
  const start = Date.parse('2026-11-27T10:00:00Z');
  return {
    ...jobOf(`j-${seconds}-${bytes}`, plan.request.vm.id, status),
    kind: plan.kind,
    plan: { ...plan, carriedBytes: bytes },
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + seconds * 1000).toISOString(),
  };
}

describe('fallbacks when live migration is refused', () => {
  describe('the downtime estimate', () => {
    it('is the memory saved and read back at the throughput, rounded up, with how it was estimated', () => {
      const d = saveRestoreDowntime(4 * GB, measured);
      // 2 × 4,096 MB at 400 MB/s = 20.48 s.
      assert.equal(d.seconds, 21);
      assert.equal(downtimeText(d), 'about 21 s');
      assert.equal(d.basis, '4 GB of memory saved and restored at 400 MB/s, measured over your last 2 live moves');
    });

    it('says minutes past a minute, and the assumption when no move was measured', () => {
      const d = saveRestoreDowntime(8 * GB, assumedThroughput);
      assert.equal(d.seconds, Math.ceil((16 * GB) / 125_000_000));
      assert.equal(downtimeText(d), 'about 2 min 18 s');
      assert.match(d.basis, /an assumed 1 Gbit\/s \(no live move measured yet\)$/);
    });

    it('measures the last succeeded live moves, not quick, failed or too short ones', () => {
      const live = livePlan();
      const quick = planIn(e.topology, sqlRequest({ clusterMigrationType: 'Quick' }));
      assert.equal(measuredThroughput([]), undefined);
      const t = measuredThroughput([
        finished(live, 8 * GB, 20),
        finished(live, 4 * GB, 20),
        finished(quick, 4 * GB, 4),
        finished(live, 4 * GB, 2, 'failed'),
        finished(live, 1 * GB, 1),
      ]);
      assert.ok(t);
      assert.equal(t.bytesPerSecond, (12 * GB) / 40);
      assert.equal(t.basis, 'measured over your last 2 live moves');
    });
  });

  describe('the quick migration offer', () => {
    it('is made for a running cluster role whose live migration only the live migration connection refuses', () => {
      const p = livePlan();
      for (const check of ['migrationDisabled', 'authentication', 'delegation'] as const) {
        const offer = quickMigrationOffer(p, reportOf(p, [error(check)], needs), measured);
        assert.ok(offer, check);
        assert.equal(offer.fix?.kind, 'quickMigration');
        assert.match(offer.reason, /saves sql-01, moves its role to A-N2 and resumes it there.*about 21 s of downtime/);
      }
    });

    it("is made when Compare-VM itself failed on the refused connection (a node's Compare-VM needs it too)", () => {
      const p = livePlan();
      const compare = error('compatibility', "…with host 'A-N2': …actively refused it. (0x8007274D).");
      assert.ok(quickMigrationOffer(p, reportOf(p, [error('migrationDisabled'), compare], needs), measured));
    });

    it('is not made when a saved state could not resume there either, or nothing was refused, or the VM is not a running role', () => {
      const p = livePlan();
      const processor = error('compatibility', 'processor-specific features not supported');
      assert.equal(quickMigrationOffer(p, reportOf(p, [processor], needs), measured), undefined);
      assert.equal(
        quickMigrationOffer(p, reportOf(p, [error('migrationDisabled'), processor], needs), measured),
        undefined,
        'one refusal it cannot get past is enough',
      );
      assert.equal(quickMigrationOffer(p, reportOf(p, [], needs), measured), undefined);
      const web = planIn(e.topology, {
        vm: { id: e.web.id, name: e.web.name, host: 'HV-A' },
        destination: { type: 'host', host: 'HV-B' },
        storage: { mode: 'folder', path: 'E:\\VMs\\web-01' },
      });
      assert.equal(quickMigrationOffer(web, reportOf(web, [error('migrationDisabled')], needs), measured), undefined);
      const off = { ...p, expectedState: 'Off' };
      assert.equal(quickMigrationOffer(off, reportOf(off, [error('migrationDisabled')], needs), measured), undefined);
    });

    it('is offered for a move on its own, not in a batch', () => {
      const p = livePlan();
      const one = [{ plan: p, report: reportOf(p, [error('migrationDisabled')], needs) }];
      assert.equal(withFallbackOffers(one, measured)[0]!.report.items.length, 2);
      assert.equal(withFallbackOffers([...one, ...one], measured)[0]!.report.items.length, 1);
    });

    it('after a live move the host refused, the same move is asked again as a quick migration', () => {
      const p = livePlan();
      const refused = {
        ...finished(p, 4 * GB, 3, 'failed'),
        kind: 'clustered' as const,
        error:
          "…with host 'A-N2': No connection could be made because the target machine actively refused it. (0x8007274D).",
      };
      assert.equal(quickGetsPastFailure(refused), true);
      const again = quickMigrationAfter(refused, 4 * GB, measured);
      assert.equal(again?.clusterMigrationType, 'Quick');
      assert.equal(again?.downtime?.seconds, 21);
      const processor = { ...refused, error: 'is using processor-specific features not supported on host' };
      assert.equal(quickGetsPastFailure(processor), false);
      assert.equal(quickMigrationAfter(processor, 4 * GB, measured), undefined);
    });
  });

  describe('the quick migration itself', () => {
    const down = saveRestoreDowntime(4 * GB, measured);
    const quick = (): MigrationPlan =>
      planIn(e.topology, sqlRequest({ clusterMigrationType: 'Quick', downtime: down }));

    it('is not held up by live migration being off on either node, nor by its authentication', () => {
      const source: SourceFacts = {
        host: { name: 'A-N1', migrationEnabled: false, authenticationType: 'CredSSP' },
        vm: {
          id: e.sql.id,
          name: 'sql-01',
          state: 'Running',
          isClustered: true,
          memoryAssignedBytes: 4 * GB,
          memoryStartupBytes: 4 * GB,
          disks: [],
          adapters: [],
        },
        runningJobs: [],
        compare: {
          ran: true,
          error:
            "…with host 'A-N2': No connection could be made because the target machine actively refused it. (0x8007274D).",
          incompatibilities: [],
        },
      };
      const destination: DestinationFacts = {
        host: { name: 'A-N2', migrationEnabled: false, memoryCapacityBytes: 256 * GB, memoryAssignedBytes: 0 },
        supportedVersions: [],
        switches: [],
        space: [],
      };
      const now = '2026-11-27T10:00:00Z';
      const live = evaluatePreflight({ plan: livePlan(), source, destination, now });
      assert.deepEqual(
        live.items.filter((i) => i.severity === 'error').map((i) => i.check),
        ['migrationDisabled', 'migrationDisabled', 'compatibility'],
      );
      const q = evaluatePreflight({ plan: quick(), source, destination, now });
      assert.deepEqual(
        q.items.filter((i) => i.severity === 'error'),
        [],
      );
    });

    it('says its downtime in the confirmation and in Copy as PowerShell, with the exact command', () => {
      const p = quick();
      const c = confirmationOf([{ plan: p, report: reportOf(p) }], []);
      assert.equal(c.message, 'Clustered quick migration: sql-01 from A-N1 to A-N2 (cluster CLU-A)?');
      assert.match(c.detail, /Move the cluster role to A-N2 \(Quick migration\)/);
      assert.match(
        c.detail,
        /sql-01 is down while it moves: about 21 s \(4 GB of memory saved and restored at 400 MB\/s/,
      );
      const script = migrationScript(p);
      assert.match(script, /# sql-01 is down while it moves: about 21 s/);
      assert.match(
        script,
        new RegExp(`Move-ClusterVirtualMachineRole -VMId '${e.sql.id}' -Node 'A-N2' -MigrationType Quick`),
      );
    });

    it('the offer is a button that names the downtime', () => {
      assert.equal(
        fixLabel({ kind: 'quickMigration', vmId: e.sql.id, vmName: 'sql-01', downtime: down }),
        'Quick Migration Instead (about 21 s down)…',
      );
    });

    it('cannot be cancelled once sent (only a live migration can), only while it waits in the queue', () => {
      const p = quick();
      const job = (status: MigrationJob['status']): MigrationJob => ({
        ...finished(p, 4 * GB, 3, status),
        kind: 'clustered',
      });
      assert.equal(cancellableNow(job('queued')), true);
      assert.equal(cancellableNow(job('running')), false);
      assert.equal(toJobView(job('running'), Date.now()).cancellable, false);
      assert.equal(toJobView(job('running'), Date.now()).kindLabel, 'Clustered quick migration');
      const live = { ...finished(livePlan(), 4 * GB, 3, 'running'), kind: 'clustered' as const };
      assert.equal(cancellableNow(live), true);
    });
  });
});
