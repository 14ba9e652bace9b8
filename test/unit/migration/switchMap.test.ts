import * as assert from 'node:assert/strict';
import { confirmationOf, fixLabel } from '../../../src/core/migration/view/confirmation';
import { migrationScript } from '../../../src/core/migration/view/copyAsPowerShell';
import type { MigrationPlan, MoveRequest } from '../../../src/core/migration/model';
import { startMove } from '../../../src/core/migration/operations/startMove';
import type { DestinationFacts, SourceFacts } from '../../../src/core/migration/preflightFacts';
import {
  evaluatePreflight,
  mayStart,
  type PreflightFix,
  type PreflightReport,
} from '../../../src/core/migration/preflight';
import { planMove } from '../../../src/core/migration/rules';
import { switchChoices, switchPickTitle, withChosenSwitch } from '../../../src/core/migration/view/switchChoice';
import { switchFor, withSwitch } from '../../../src/core/migration/switchMap';
import { estate, GB } from './estate';

const e = estate();
const request: MoveRequest = {
  vm: { id: e.web.id, name: e.web.name, host: 'HV-A' },
  destination: { type: 'host', host: 'HV-B' },
  storage: { mode: 'folder', path: 'E:\\VMs\\web-01' },
};
function plan(r: MoveRequest = request): MigrationPlan {
  const p = planMove(r, e.topology);
  if (!p.ok) throw new Error('no plan');
  return p.plan;
}

/** Two adapters with Hyper-V's default name, on switches the destination lacks. */
const prod = {
  name: 'Network Adapter',
  id: `Microsoft:${e.web.id}\\AAAA`,
  macAddress: '00155D000001',
  switchName: 'vSwitch-DMZ',
};
const storage = {
  name: 'Network Adapter',
  id: `Microsoft:${e.web.id}\\BBBB`,
  macAddress: '00155D000002',
  switchName: 'vSwitch-Storage',
};

function source(adapters: SourceFacts['vm']['adapters']): SourceFacts {
  return {
    host: { name: 'HV-A', migrationEnabled: true, authenticationType: 'Kerberos' },
    vm: {
      id: e.web.id,
      name: 'web-01',
      state: 'Running',
      version: '10.0',
      isClustered: false,
      memoryAssignedBytes: GB,
      memoryStartupBytes: GB,
      disks: [],
      adapters,
    },
    runningJobs: [],
    delegation: ['Microsoft Virtual System Migration Service/HV-B', 'cifs/HV-B'],
    compare: { ran: true, incompatibilities: [] },
  };
}
const destination: DestinationFacts = {
  host: {
    name: 'HV-B',
    migrationEnabled: true,
    authenticationType: 'Kerberos',
    memoryCapacityBytes: 256 * GB,
    memoryAssignedBytes: 0,
  },
  supportedVersions: ['10.0'],
  switches: ['vSwitch-Prod', 'vSwitch-Backup'],
  space: [{ path: 'E:\\VMs\\web-01', root: 'E:\\', freeBytes: 500 * GB }],
};
function check(p: MigrationPlan, adapters: SourceFacts['vm']['adapters']): PreflightReport {
  return evaluatePreflight({
    plan: p,
    source: source(adapters),
    destination,
    sourceConnection: { name: 'HV-A', transport: 'ssh' },
    now: '2026-11-27T10:00:00Z',
  });
}
type ChooseSwitch = Extract<PreflightFix, { kind: 'chooseSwitch' }>;

describe('switch map by adapter Id', () => {
  it('two default-named adapters get a fix each, told apart by MAC, and each ends mapped to its own switch', () => {
    const first = check(plan(), [prod, storage]);
    const fixes = confirmationOf([{ plan: plan(), report: first }], []).fixes as ChooseSwitch[];
    assert.equal(fixes.length, 2, 'one button per adapter');
    assert.deepEqual(fixes.map(fixLabel), [
      'Choose a Switch for Network Adapter (MAC 00-15-5D-00-00-01)…',
      'Choose a Switch for Network Adapter (MAC 00-15-5D-00-00-02)…',
    ]);
    assert.equal(
      switchPickTitle(fixes[0]!),
      'Network Adapter (MAC 00-15-5D-00-00-01) is connected to vSwitch-DMZ, which the destination lacks',
    );
    assert.deepEqual(
      switchChoices(fixes[1]!).map((c) => `${c.label}: ${c.description}`),
      ['vSwitch-Prod: vSwitch-Storage → vSwitch-Prod', 'vSwitch-Backup: vSwitch-Storage → vSwitch-Backup'],
    );

    let r = withChosenSwitch(request, fixes[0]!, 'vSwitch-Prod');
    r = withChosenSwitch(r, fixes[1]!, 'vSwitch-Backup');
    assert.deepEqual(r.switchMap, { [prod.id]: 'vSwitch-Prod', [storage.id]: 'vSwitch-Backup' });
    const after = check(plan(r), [prod, storage]);
    assert.equal(mayStart(after, false), true);
    assert.deepEqual(
      after.items.map((i) => i.title),
      [
        "'Network Adapter' (MAC 00-15-5D-00-00-01) will connect to vSwitch-Prod",
        "'Network Adapter' (MAC 00-15-5D-00-00-02) will connect to vSwitch-Backup",
      ],
    );

    const op = startMove(
      e.web.id,
      plan(r).steps[0] as Extract<MigrationPlan['steps'][number], { action: 'moveVm' }>,
      r.switchMap,
    );
    assert.deepEqual(op.parameters.SwitchMap, { [prod.id]: 'vSwitch-Prod', [storage.id]: 'vSwitch-Backup' });
    const script = migrationScript(plan(r));
    assert.match(
      script,
      new RegExp(`Source\\.Id -eq '${prod.id.replace(/\\/g, '\\\\')}' .*-SwitchName 'vSwitch-Prod'`),
    );
    assert.match(
      script,
      new RegExp(`Source\\.Id -eq '${storage.id.replace(/\\/g, '\\\\')}' .*-SwitchName 'vSwitch-Backup'`),
    );
  });

  it("a fix for one VM's adapter leaves the other moves of the same confirmation alone", () => {
    const fix = check(plan(), [prod]).items[0]!.fix as ChooseSwitch;
    const other: MoveRequest = { ...request, vm: { id: 'another-vm', name: 'x', host: 'HV-A' } };
    assert.equal(withChosenSwitch(other, fix, 'vSwitch-Prod'), other);
  });

  it('host-supplied Ids and names such as constructor, toString and __proto__ are data', () => {
    for (const id of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      assert.equal(switchFor({}, id), undefined, id);
      assert.equal(switchFor({ other: 'x' }, id), undefined, id);
      const m = withSwitch(withSwitch(undefined, 'other', 'x'), id, 'vSwitch-Prod');
      assert.equal(switchFor(m, id), 'vSwitch-Prod', id);
      assert.equal(switchFor(m, id.toUpperCase()), 'vSwitch-Prod', 'Ids compare ignoring case');
      assert.deepEqual(Object.keys(m).sort(), [id, 'other'].sort());
      assert.equal(JSON.parse(JSON.stringify(m))[id], 'vSwitch-Prod', 'survives history (JSON)');
      const named = { name: id, id, macAddress: '00155D000003', switchName: 'vSwitch-DMZ' };
      // Nothing mapped yet (after another adapter was): still a clear blocking finding with its fix, no TypeError.
      const r = check(plan({ ...request, switchMap: { other: 'vSwitch-Prod' } }), [named]);
      assert.equal(mayStart(r, true), false);
      assert.equal((r.items[0]?.fix as ChooseSwitch).adapterId, id);
      assert.equal(mayStart(check(plan({ ...request, switchMap: m }), [named]), false), true, 'mapped: may start');
      const op = startMove(
        e.web.id,
        plan().steps[0] as Extract<MigrationPlan['steps'][number], { action: 'moveVm' }>,
        m,
      );
      assert.equal(JSON.parse(JSON.stringify(op.parameters)).SwitchMap[id], 'vSwitch-Prod', `${id} travels as a key`);
    }
  });

  it('an adapter without an Id gets no one-click fix (it could not be told from its namesake)', () => {
    const r = check(plan(), [{ name: 'Network Adapter', switchName: 'vSwitch-DMZ' }]);
    assert.equal(r.items[0]?.fix?.kind, 'manual');
  });
});
