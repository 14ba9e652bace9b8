import * as assert from 'node:assert/strict';
import type { DestinationFacts, SourceFacts } from '../../../src/core/migration/preflightFacts';
import {
  evaluatePreflight,
  mayStart,
  type PreflightCheck,
  type PreflightReport,
} from '../../../src/core/migration/preflight';
import { planMove } from '../../../src/core/migration/rules';
import type { MigrationPlan, MoveRequest } from '../../../src/core/migration/model';
import type { HostConnection } from '../../../src/contract/hostRunner';
import { estate, GB } from './estate';

const e = estate();
function plan(request: Partial<MoveRequest> = {}): MigrationPlan {
  const r = planMove(
    {
      vm: { id: e.web.id, name: e.web.name, host: 'HV-A' },
      destination: { type: 'host', host: 'HV-B' },
      storage: { mode: 'folder', path: 'E:\\VMs\\web-01' },
      ...request,
    },
    e.topology,
  );
  if (!r.ok) throw new Error('no plan');
  return r.plan;
}

function source(overrides: Partial<SourceFacts> = {}, vm: Partial<SourceFacts['vm']> = {}): SourceFacts {
  return {
    host: {
      name: 'HV-A',
      fullyQualifiedDomainName: 'HV-A.corp',
      migrationEnabled: true,
      authenticationType: 'Kerberos',
      performanceOption: 'Compression',
    },
    vm: {
      id: e.web.id,
      name: 'web-01',
      state: 'Running',
      version: '10.0',
      isClustered: false,
      memoryAssignedBytes: 4 * GB,
      memoryStartupBytes: 4 * GB,
      disks: [{ path: 'D:\\VMs\\web-01\\web-01.vhdx', passThrough: false, fileSizeBytes: 30 * GB }],
      adapters: [{ name: 'Network Adapter', switchName: 'vSwitch-Prod' }],
      ...vm,
    },
    runningJobs: [],
    delegation: ['Microsoft Virtual System Migration Service/HV-B', 'cifs/HV-B'],
    compare: { ran: true, incompatibilities: [] },
    ...overrides,
  };
}

function destination(overrides: Partial<DestinationFacts> = {}): DestinationFacts {
  return {
    host: {
      name: 'HV-B',
      fullyQualifiedDomainName: 'HV-B.corp',
      migrationEnabled: true,
      authenticationType: 'Kerberos',
      memoryCapacityBytes: 256 * GB,
      memoryAssignedBytes: 16 * GB,
      virtualHardDiskPath: 'D:\\Hyper-V\\Virtual Hard Disks',
    },
    supportedVersions: ['8.0', '9.0', '10.0'],
    switches: ['vSwitch-Prod'],
    space: [{ path: 'E:\\VMs\\web-01', root: 'E:\\', freeBytes: 500 * GB }],
    ...overrides,
  };
}

const ssh: HostConnection = { name: 'HV-A', transport: 'ssh' };
function check(
  p: MigrationPlan,
  s: SourceFacts | { error: string },
  d: DestinationFacts | { error: string },
  conn: HostConnection = ssh,
): PreflightReport {
  return evaluatePreflight({ plan: p, source: s, destination: d, sourceConnection: conn, now: '2026-11-27T10:00:00Z' });
}
function found(r: PreflightReport): string[] {
  return r.items.filter((i) => i.severity !== 'info').map((i) => `${i.severity}:${i.check}`);
}
function item(r: PreflightReport, c: PreflightCheck) {
  const i = r.items.find((x) => x.check === c);
  assert.ok(i, `expected a ${c} finding in ${JSON.stringify(found(r))}`);
  return i;
}

describe('migration preflight report', () => {
  it('a clean move has nothing to say and may start', () => {
    const r = check(plan(), source(), destination());
    assert.deepEqual(found(r), []);
    assert.equal(mayStart(r, false), true);
  });

  it('a switch missing on the destination (33012) blocks, with "choose a destination switch" as the fix', () => {
    const adapter = {
      name: 'Network Adapter',
      id: 'Microsoft:VM\\A1',
      macAddress: '00155D0A0B01',
      switchName: 'vSwitch-Lab',
    };
    const r = check(
      plan(),
      source(
        {
          compare: {
            ran: true,
            incompatibilities: [
              {
                messageId: 33012,
                message: "Could not find Ethernet switch 'vSwitch-Lab'.",
                adapterName: 'Network Adapter',
                switchName: 'vSwitch-Lab',
              },
            ],
          },
        },
        { adapters: [adapter] },
      ),
      destination(),
    );
    const i = item(r, 'missingSwitch');
    assert.equal(i.severity, 'error');
    assert.deepEqual(i.fix, {
      kind: 'chooseSwitch',
      vmId: e.web.id,
      adapterId: 'Microsoft:VM\\A1',
      adapterName: 'Network Adapter',
      macAddress: '00155D0A0B01',
      missingSwitch: 'vSwitch-Lab',
      choices: ['vSwitch-Prod'],
    });
    assert.equal(
      r.items.filter((x) => x.messageId === 33012).length,
      1,
      'said once, not once by us and once by Compare-VM',
    );
    assert.equal(mayStart(r, true), false);
    // With the switch chosen, the same facts no longer block.
    const fixed = check(
      plan({ switchMap: { 'microsoft:vm\\a1': 'vSwitch-Prod' } }),
      source({ compare: { ran: true, incompatibilities: [] } }, { adapters: [adapter] }),
      destination(),
    );
    assert.equal(mayStart(fixed, false), true);
  });

  it('live migration off on the destination blocks, with "turn it on" as the fix', () => {
    const r = check(plan(), source(), destination({ host: { ...destination().host, migrationEnabled: false } }));
    assert.deepEqual(item(r, 'migrationDisabled').fix, { kind: 'enableMigration', host: 'HV-B' });
  });

  it('CredSSP needs the move started on the source: over SSH it blocks, over WinRM with CredSSP it does not', () => {
    const s = source({ host: { ...source().host, authenticationType: 'CredSSP' } });
    const d = destination({ host: { ...destination().host, authenticationType: 'CredSSP' } });
    const r = check(plan(), s, d);
    assert.equal(item(r, 'authentication').severity, 'error');
    assert.match(item(r, 'authentication').reason, /0x8009030E/);
    assert.deepEqual(found(check(plan(), s, d, { name: 'HV-A', transport: 'wsman', authentication: 'CredSSP' })), []);
  });

  it('Kerberos needs constrained delegation of cifs and the migration service to the destination', () => {
    const r = check(
      plan(),
      source({ delegation: ['Microsoft Virtual System Migration Service/HV-B.corp'] }),
      destination(),
    );
    const i = item(r, 'delegation');
    assert.equal(i.severity, 'error');
    assert.match(i.reason, /cifs/);
    assert.doesNotMatch(i.reason, /Migration Service and/);
    assert.match(i.fix?.kind === 'manual' ? i.fix.text : '', /cifs\/HV-B\.corp/);
    // Unreadable delegation (no directory access) is a warning the user may accept.
    const unknown = check(plan(), source({ delegation: undefined }), destination());
    assert.equal(item(unknown, 'delegation').severity, 'warning');
    assert.equal(mayStart(unknown, false), false);
    assert.equal(mayStart(unknown, true), true);
  });

  it('a configuration version the destination does not run blocks', () => {
    const r = check(plan(), source({}, { version: '12.0' }), destination());
    assert.match(item(r, 'configurationVersion').reason, /12\.0/);
  });

  it('not enough free space at the destination path blocks', () => {
    const r = check(
      plan(),
      source(),
      destination({ space: [{ path: 'E:\\VMs\\web-01', root: 'E:\\', freeBytes: 10 * GB }] }),
    );
    assert.match(item(r, 'diskSpace').reason, /30\.0 GB.*10\.0 GB/);
  });

  it('the same VM Id already on the destination blocks', () => {
    const r = check(plan(), source(), destination({ sameVm: { name: 'web-01', state: 'Off' } }));
    assert.equal(item(r, 'sameVmId').severity, 'error');
  });

  it('a pass-through disk blocks a shared-nothing move', () => {
    const r = check(
      plan(),
      source({}, { disks: [...source().vm.disks, { path: '', passThrough: true, diskNumber: 3 }] }),
      destination(),
    );
    assert.equal(item(r, 'passThroughDisk').severity, 'error');
  });

  it('Compare-VM incompatibilities come with their messages (processor: with the compatibility-mode fix)', () => {
    const r = check(
      plan(),
      source({
        compare: {
          ran: true,
          incompatibilities: [
            {
              messageId: 24006,
              message:
                "The virtual machine 'web-01' is using processor-specific features not supported on host 'HV-B'.",
            },
          ],
        },
      }),
      destination(),
    );
    const i = item(r, 'compatibility');
    assert.match(i.reason, /processor-specific/);
    assert.match(i.fix?.kind === 'manual' ? i.fix.text : '', /CompatibilityForMigrationEnabled/);
  });

  it('a host that does not answer blocks with its reason', () => {
    const r = check(plan(), source(), { error: 'Connection refused' });
    assert.equal(item(r, 'hostUnreachable').host, 'HV-B');
    assert.equal(mayStart(r, true), false);
  });

  it('a migration of the VM already running blocks', () => {
    assert.equal(
      item(check(plan(), source({ runningJobs: ['X'] }), destination()), 'alreadyMigrating').severity,
      'error',
    );
  });
});
