// Acceleration changes through the real engine, over SSH, against a lab: the same path the editor and quick actions take.
import { strict as assert } from 'node:assert';
import { AccelerationService } from '../../../src/app/acceleration/accelerationService';
import { InventoryService } from '../../../src/app/inventory/inventoryService';
import { adapterCatalog, type AdapterEntry } from '../../../src/core/acceleration/catalog';
import type { AccelerationSettings } from '../../../src/core/acceleration/model';
import { InvalidChangeError } from '../../../src/core/acceleration/validate';
import type { ConnectionEntry } from '../../../src/core/connections/connectionEntry';
import type { HostOperation } from '../../../src/contract/hostOperation';
import { getInventory } from '../../../src/core/inventory/operations/getInventory';
import type { HostResult, HostRunner, HostTarget, RunOptions } from '../../../src/contract/hostRunner';
import { createPowerShellEngine, type PowerShellEngine } from '../../../src/engine';
import { PWSH, startLab, type Lab } from '../../support/lab';

/** Counts what reaches the engine: requests and the hosts in each. */
class CountingRunner implements HostRunner {
  readonly requests: { script: string; hosts: string[] }[] = [];
  constructor(private readonly inner: HostRunner) {}
  run<R>(op: HostOperation<R>, targets: readonly HostTarget[], options?: RunOptions): Promise<HostResult<R>[]> {
    this.requests.push({ script: op.script.name, hosts: targets.map((t) => t.connection.name) });
    return this.inner.run(op, targets, options);
  }
  runOne<R>(op: HostOperation<R>, target: HostTarget, options?: RunOptions): Promise<R> {
    this.requests.push({ script: op.script.name, hosts: [target.connection.name] });
    return this.inner.runOne(op, target, options);
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

interface LabAdapter {
  IPsecOffloadMaxSA: number;
  VMQWeight: number;
  IovWeight: number;
  IovQueuePairsRequested: number;
  IovInterruptModeration: string;
  VrssEnabledRequested: boolean;
  VmmqEnabledRequested: boolean;
  VrssMaxQueuePairsRequested: number;
}

describe('network adapter acceleration against the lab over SSH', function () {
  this.timeout(900_000);
  let lab: Lab;
  let engine: PowerShellEngine;
  let runner: CountingRunner;
  let inventory: InventoryService;
  let entries: ConnectionEntry[];
  const savedPath = process.env.PATH;

  const service = (validate?: () => []): AccelerationService =>
    new AccelerationService({
      runner: () => runner,
      target: (host) => inventory.targetFor(host),
      refresh: (hosts) => inventory.refreshHost(...hosts),
      timeoutMs: () => 300_000,
      ...(validate ? { validate } : {}),
    });
  const noCredentials = { get: () => Promise.resolve(undefined), renew: () => Promise.resolve(undefined) };
  const adapter = (vmName: string): AdapterEntry => {
    const hit = adapterCatalog(inventory.snapshot()).find((e) => e.ref.vmName === vmName);
    assert.ok(hit, `adapter of ${vmName} in the inventory`);
    return hit;
  };
  /** What the lab itself says, not through the product. */
  const labAdapter = async (vmName: string): Promise<LabAdapter> => {
    const got = await lab.pwsh<LabAdapter | LabAdapter[]>(
      `@(Get-VMNetworkAdapter -VMName '${vmName}' | Select-Object IPsecOffloadMaxSA, VMQWeight, IovWeight, IovQueuePairsRequested, @{n='IovInterruptModeration';e={[string]$_.IovInterruptModeration}}, VrssEnabledRequested, VmmqEnabledRequested, VrssMaxQueuePairsRequested)`,
      { host: await hostOf(vmName) },
    );
    // ConvertTo-Json writes a one-element array as the element
    const a = Array.isArray(got) ? got[0] : got;
    assert.ok(a);
    return a;
  };
  const hostOf = (vmName: string): Promise<string> => Promise.resolve(adapter(vmName).ref.host);

  before(async () => {
    lab = await startLab({ topology: 'test-small' });
    process.env.PATH = lab.clientEnv.PATH;
    engine = createPowerShellEngine({ powershellPath: PWSH, openTimeoutMs: 300_000 });
    runner = new CountingRunner(engine);
    const entry = (name: string): ConnectionEntry => {
      const c = lab.connectionFor(name);
      return {
        name,
        kind: 'host',
        transport: 'ssh',
        address: c.address,
        port: c.port,
        userName: c.userName,
        keyFilePath: c.keyFilePath,
      };
    };
    entries = [entry('HV-EAST'), entry('HV-WEST')];
    inventory = new InventoryService({
      runner: () => engine,
      connections: () => entries,
      credentials: noCredentials,
      operation: getInventory,
      timeoutMs: () => 300_000,
    });
    await inventory.refreshAll();
    const failed = inventory.snapshot().hosts.filter((h) => h.load.status !== 'loaded');
    assert.deepEqual(
      failed.map((h) => h.name),
      [],
      'both hosts answer the inventory',
    );
  });

  after(async () => {
    process.env.PATH = savedPath;
    await engine?.dispose();
    await lab?.stop();
  });

  it('round-trips every setting: the read-back, the lab and the refreshed inventory all report the new values', async () => {
    const s = service();
    const web01 = adapter('web-01');
    const change: AccelerationSettings = {
      ipsecOffloadMaxSA: 256,
      vmqWeight: 50,
      iovWeight: 80,
      iovQueuePairsRequested: 4,
      iovInterruptModeration: 'High',
      vrssEnabled: false,
      vmmqEnabled: true,
      vmmqQueuePairs: 8,
    };
    const [outcome] = await s.apply([web01.ref], change);
    assert.ok(outcome?.ok, JSON.stringify(outcome?.error));
    const {
      ipsecOffloadSAUsage: _1,
      vmqUsage: _2,
      iovUsage: _3,
      iovQueuePairsAssigned: _4,
      ...readBack
    } = outcome.readBack!;
    assert.deepEqual(readBack, change);
    assert.equal(outcome.facts?.switchIovEnabled, true, 'vSwitch-Prod on HV-EAST has SR-IOV');
    assert.equal(outcome.facts?.vmState, 'Running');
    assert.equal(outcome.readBack?.iovUsage, 1, 'SR-IOV in use: running, weight > 0, switch with SR-IOV');

    assert.deepEqual(await labAdapter('web-01'), {
      IPsecOffloadMaxSA: 256,
      VMQWeight: 50,
      IovWeight: 80,
      IovQueuePairsRequested: 4,
      IovInterruptModeration: 'High',
      VrssEnabledRequested: false,
      VmmqEnabledRequested: true,
      VrssMaxQueuePairsRequested: 8,
    });
    await s.settled();
    const refreshed = adapter('web-01').adapter;
    assert.equal(refreshed.ipsecOffloadMaxSA, 256);
    assert.equal(refreshed.vmqWeight, 50);
    assert.equal(refreshed.iovWeight, 80);
    assert.equal(refreshed.iovInterruptModeration, 'High');
    assert.equal(refreshed.vmmqQueuePairs, 8);

    // and each setting alone, back to the defaults: only what changed is sent, the rest stays
    const defaults: AccelerationSettings = {
      ipsecOffloadMaxSA: 512,
      vmqWeight: 100,
      iovWeight: 100,
      iovQueuePairsRequested: 1,
      iovInterruptModeration: 'Default',
      vrssEnabled: true,
      vmmqEnabled: false,
      vmmqQueuePairs: 16,
    };
    let expected: AccelerationSettings = change;
    for (const field of Object.keys(defaults) as (keyof AccelerationSettings)[]) {
      expected = { ...expected, [field]: defaults[field] };
      const [one] = await s.apply([web01.ref], { [field]: defaults[field] });
      assert.ok(one?.ok, `${field}: ${JSON.stringify(one?.error)}`);
      const { ipsecOffloadSAUsage: _a, vmqUsage: _b, iovUsage: _c, iovQueuePairsAssigned: _d, ...got } = one.readBack!;
      assert.deepEqual(got, expected, field);
    }
  });

  it('refuses an invalid value before any request', async () => {
    const s = service();
    const before = runner.requests.length;
    await assert.rejects(s.apply([adapter('web-01').ref], { vmqWeight: 101 }), (e: unknown) => {
      assert.ok(e instanceof InvalidChangeError);
      assert.equal(e.problems[0]?.field, 'vmqWeight');
      assert.match(e.problems[0]?.reason ?? '', /between 0 and 100/);
      return true;
    });
    await assert.rejects(s.apply([adapter('web-01').ref], { iovQueuePairsRequested: 0 }), InvalidChangeError);
    await assert.rejects(s.apply([adapter('web-01').ref], { vmmqQueuePairs: 2.5 }), InvalidChangeError);
    assert.equal(runner.requests.length, before, 'no request was made');
  });

  it("brings a host's refusal to the app layer with its error id, and still applies the other adapters", async () => {
    // Validation bypassed on purpose: IOV weight 101 is refused by Set-VMNetworkAdapter itself (cmdlet-side check).
    const bypass = service(() => []);
    const web01 = adapter('web-01');
    const [before] = await bypass.read([web01.ref]);
    const [refused] = await bypass.apply([web01.ref], { iovWeight: 101 });
    assert.equal(refused?.ok, false);
    assert.equal(
      refused?.error?.fullyQualifiedErrorId,
      'InvalidParameter,Microsoft.HyperV.PowerShell.Commands.SetVMNetworkAdapter',
    );
    assert.match(refused?.error?.message ?? '', /IOV weight '101' is out of range/);
    assert.equal(
      refused?.readBack?.iovWeight,
      before?.readBack?.iovWeight,
      'the read-back shows what the adapter still has',
    );

    // 5000 SAs passes our checks (the bound is undocumented) and the host refuses it; a missing adapter fails alone.
    const s = service();
    const web02 = adapter('web-02');
    const ghost = { ...web02.ref, adapterId: `${web02.ref.adapterId.slice(0, -4)}FFFF`, adapterName: 'ghost' };
    const outcomes = await s.apply([web01.ref, ghost, web02.ref], { ipsecOffloadMaxSA: 5000 });
    assert.deepEqual(
      outcomes.map((o) => [o.ref.adapterName === 'ghost' ? 'ghost' : o.ref.vmName, o.ok]),
      [
        ['web-01', false],
        ['ghost', false],
        ['web-02', false],
      ],
    );
    assert.equal(
      outcomes[0]?.error?.fullyQualifiedErrorId,
      'InvalidParameter,Microsoft.HyperV.PowerShell.Commands.SetVMNetworkAdapter',
    );
    assert.equal(outcomes[1]?.error?.fullyQualifiedErrorId, 'AdapterNotFound');
    const mixed = await s.apply([ghost, web02.ref], { ipsecOffloadMaxSA: 64 });
    assert.deepEqual(
      mixed.map((o) => o.ok),
      [false, true],
      'the missing adapter fails, the other still applies',
    );
    assert.equal(mixed[1]?.readBack?.ipsecOffloadMaxSA, 64);
  });

  it('applies one change over two hosts in one request, with one result per adapter', async () => {
    const s = service();
    const refs = ['web-01', 'web-02', 'db-01'].map((n) => adapter(n).ref);
    assert.deepEqual([...new Set(refs.map((r) => r.host))].sort(), ['HV-EAST', 'HV-WEST']);
    const before = runner.requests.length;
    const outcomes = await s.apply(refs, { vmqWeight: 0, iovWeight: 50 });
    const sent = runner.requests.slice(before);
    assert.deepEqual(
      sent.map((r) => [r.script, r.hosts.sort()]),
      [['set-adapter-acceleration.ps1', ['HV-EAST', 'HV-WEST']]],
    );
    assert.deepEqual(
      outcomes.map((o) => [o.ref.vmName, o.ok, o.readBack?.vmqWeight, o.readBack?.iovWeight]),
      [
        ['web-01', true, 0, 50],
        ['web-02', true, 0, 50],
        ['db-01', true, 0, 50],
      ],
    );
    // HV-WEST's switch has no SR-IOV: the weight is stored, SR-IOV is not in use
    assert.equal(outcomes[2]?.facts?.switchIovEnabled, false);
    assert.equal(outcomes[2]?.readBack?.iovUsage, 0);
    assert.equal((await labAdapter('db-01')).VMQWeight, 0);
  });
});
