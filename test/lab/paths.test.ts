// Windows path rules in the lab: its resolver answers every spelling of test/support/windowsPaths.json as the
// product does, and a storage move into a folder typed with a trailing space (issue 12 item 7) or spelled with
// '/', '.' and '..' ends with the disks where Windows puts them, reported as succeeded by the product.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryHistoryStore } from '../../src/app/migration/historyStore';
import { MigrationService } from '../../src/app/migration/migrationService';
import type { MoveRequest } from '../../src/core/migration/model';
import { planMove } from '../../src/core/migration/rules';
import type { MigrationTopology } from '../../src/core/migration/topology';
import { getInventory } from '../../src/core/inventory/operations/getInventory';
import type { HostTarget } from '../../src/contract/hostRunner';
import { createPowerShellEngine, type PowerShellEngine } from '../../src/engine';
import { PWSH, startLab, type Lab } from '../support/lab';

const cases = JSON.parse(readFileSync(join(__dirname, '..', 'support', 'windowsPaths.json'), 'utf8')) as {
  resolve: [string, string | null][];
  same: [string, string, boolean][];
  under: [string, string, boolean][];
};

const topology = {
  lab: { migrationBandwidthMBps: 2000, latencyMs: 0 },
  hosts: [
    {
      name: 'HV-PATHS',
      address: '127.0.0.61',
      os: '2022',
      volumes: [
        { path: 'C:\\', sizeGB: 200, freeGB: 100 },
        { path: 'D:\\', sizeGB: 500, freeGB: 400 },
        { path: 'E:\\', sizeGB: 500, freeGB: 400 },
      ],
      switches: [{ name: 'vSwitch-Prod', switchType: 'External' }],
    },
  ],
  clusters: [],
  vms: [
    {
      name: 'path-vm-01',
      host: 'HV-PATHS',
      state: 'Running',
      version: '10.0',
      memoryStartupGB: 1,
      path: 'D:\\VMs\\path-vm-01',
      disks: [{ path: 'D:\\VMs\\path-vm-01\\path-vm-01.vhdx', sizeGB: 20, fileSizeGB: 2 }],
      adapters: [{ name: 'Network Adapter', switchName: 'vSwitch-Prod' }],
    },
  ],
};

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

describe('Windows paths in the lab', function () {
  this.timeout(900_000);
  let lab: Lab;
  let engine: PowerShellEngine;
  let service: MigrationService;
  let current: MigrationTopology = { hosts: [] };
  const target = (host: string): Promise<HostTarget> => Promise.resolve({ connection: lab.connectionFor(host) });

  const refresh = async (): Promise<void> => {
    current = { hosts: [await engine.runOne(getInventory(), await target('HV-PATHS'), { timeoutMs: 300_000 })] };
  };

  async function storageMove(folder: string) {
    await refresh();
    const vm = current.hosts[0]!.vms.find((v) => v.name === 'path-vm-01')!;
    const request: MoveRequest = {
      vm: { id: vm.id, name: vm.name, host: vm.host },
      destination: { type: 'sameHost' },
      storage: { mode: 'folder', path: folder },
    };
    const p = planMove(request, current);
    assert.ok(p.ok, p.ok ? '' : p.problems.map((x) => x.message).join('; '));
    return service.whenDone(service.start(p.plan).id);
  }

  const inLab = () =>
    lab.pwsh<{ path: string; disks: string[] }>(
      "$v = (Get-LabState).Vms | Where-Object Name -eq 'path-vm-01'; [pscustomobject]@{ path = $v.Path; disks = @($v.Disks | ForEach-Object Path) }",
    );

  before(async () => {
    lab = await startLab({ topology });
    engine = createPowerShellEngine({ powershellPath: PWSH });
    service = new MigrationService({
      runner: () => engine,
      target,
      topology: () => current,
      history: new MemoryHistoryStore(),
      pollIntervalMs: 500,
      minPollIntervalMs: 100,
      timeoutMs: 300_000,
    });
  });

  after(async () => {
    service?.dispose();
    await engine?.dispose();
    await lab?.stop();
  });

  it("the lab's resolver answers every spelling as the product's does", async () => {
    const json = quote(JSON.stringify(cases));
    const got = await lab.pwsh<{ resolve: (string | null)[]; same: boolean[]; under: boolean[] }>(
      `$c = ${json} | ConvertFrom-Json -NoEnumerate; [pscustomobject]@{` +
        ' resolve = @($c.resolve | ForEach-Object { [HvLab.LabPaths]::Resolve($_[0]) });' +
        ' same = @($c.same | ForEach-Object { [HvLab.LabPaths]::Same($_[0], $_[1]) });' +
        ' under = @($c.under | ForEach-Object { [HvLab.LabPaths]::Under($_[0], $_[1]) }) }',
      { depth: 3 },
    );
    assert.deepEqual(
      got.resolve,
      cases.resolve.map((c) => c[1]),
    );
    assert.deepEqual(
      got.same,
      cases.same.map((c) => c[2]),
    );
    assert.deepEqual(
      got.under,
      cases.under.map((c) => c[2]),
    );
  });

  it('a storage move into a folder typed with a trailing space is reported as succeeded, the disks in that folder', async () => {
    const job = await storageMove('E:\\VMs\\x ');
    assert.equal(job.status, 'succeeded', `${job.status}: ${job.error ?? ''}`);
    assert.deepEqual(await inLab(), { path: 'E:\\VMs\\x', disks: ['E:\\VMs\\x\\path-vm-01.vhdx'] });
  });

  it("a storage move into a folder spelled with '/', '.' and '..' lands in the folder they name", async () => {
    const job = await storageMove('E:/VMs//y/./old/../');
    assert.equal(job.status, 'succeeded', `${job.status}: ${job.error ?? ''}`);
    assert.deepEqual(await inLab(), { path: 'E:\\VMs\\y', disks: ['E:\\VMs\\y\\path-vm-01.vhdx'] });
  });
});
