import { strict as assert } from 'node:assert';
import type { HostOperation } from '../../../src/contract/hostOperation';
import type { HostResult, HostTarget } from '../../../src/contract/hostRunner';
import { PlacementService } from '../../../src/app/migration/placementService';
import { parsePlacementFacts } from '../../../src/core/migration/operations/readPlacementFacts';
import { spreadByRating } from '../../../src/core/migration/rating/placementSpread';
import { placementRound } from '../../../src/core/migration/rating/placementTarget';
import { answers, appVm, facts, GB, host, topologyOf } from './placementEstate';
import { FakeRunner } from './fakeRunner';

describe('placement spread: evacuation and drain by rating, plan-aware', () => {
  it('each VM goes to the best-rated host given the memory the plan already sent there', () => {
    const vms = [
      appVm('a', { memoryAssignedBytes: 40 * GB }),
      appVm('b', { memoryAssignedBytes: 30 * GB }),
      appVm('c', { memoryAssignedBytes: 20 * GB }),
    ];
    const t = topologyOf(host('HV-SRC', 256, vms), host('HV-X', 100), host('HV-Y', 90));
    const spread = spreadByRating({ topology: t }, vms, t.hosts.slice(1));
    // a (40) to X (most free); then b: X has 60 left of 100, Y 90 of 90 → Y; then c: X 60 % free, Y 67 % → Y
    assert.deepEqual(
      spread.assignments.map((a) => [a.vm.name, a.destination]),
      [
        ['a', 'HV-X'],
        ['b', 'HV-Y'],
        ['c', 'HV-Y'],
      ],
    );
    const c = spread.assignments[2]!.rating.reasons.find((r) => r.topic === 'memory')!;
    assert.match(c.text, /^40 GB memory free after the move .*after the VMs this plan already sends there/);
  });

  it('a VM that fits nowhere stays, with the reason; an unsuitable host takes nothing', () => {
    const vms = [appVm('big', { memoryAssignedBytes: 200 * GB }), appVm('small', { memoryAssignedBytes: 8 * GB })];
    const t = topologyOf(
      host('HV-SRC', 512, vms),
      host('HV-X', 64),
      host('HV-OFF', 1024, [], { migrationEnabled: false }),
    );
    const spread = spreadByRating({ topology: t }, vms, t.hosts.slice(1));
    assert.deepEqual(
      spread.assignments.map((a) => [a.vm.name, a.destination]),
      [['small', 'HV-X']],
    );
    assert.equal(spread.unplaced.length, 1);
    assert.equal(spread.unplaced[0]!.vm.name, 'big');
    assert.equal(
      spread.unplaced[0]!.reason,
      'no destination suits it (HV-OFF: Live migration is off on HV-OFF; HV-X: Not enough memory: big needs 200 GB, 64 GB free)',
    );
  });

  it('counts the disks already sent to a volume: the second VM does not fit where the first took the space', () => {
    const vms = [appVm('a'), appVm('b')]; // 40 GB of disk each
    // X has the more memory, so the first goes there; then X's 45 GB cannot take the second's 40 GB too
    const t = topologyOf(host('HV-SRC', 256, vms), host('HV-X', 256), host('HV-Y', 64));
    const all = answers({ 'HV-X': facts({}, 45), 'HV-Y': facts({}, 45), 'HV-SRC': facts() });
    const spread = spreadByRating({ topology: t, facts: all }, vms, t.hosts.slice(1));
    assert.deepEqual(
      spread.assignments.map((a) => [a.vm.name, a.destination]),
      [
        ['a', 'HV-X'],
        ['b', 'HV-Y'],
      ],
    );
    assert.equal(spread.unplaced.length, 0);
  });
});

describe('placement facts: one round to all candidates', () => {
  const app = appVm();
  const t = topologyOf(host('HV-SRC', 256, [app]), host('HV-B', 256), host('HV-C', 256));

  it('asks each candidate about the folder the files would go to, and the source about the VM', () => {
    const round = placementRound(t, [app], t.hosts.slice(1));
    assert.deepEqual(round, [
      {
        host: 'HV-B',
        parameters: { Paths: ['D:\\Hyper-V\\Virtual Hard Disks'], IncludeDefaultPath: false, VmIds: [] },
      },
      {
        host: 'HV-C',
        parameters: { Paths: ['D:\\Hyper-V\\Virtual Hard Disks'], IncludeDefaultPath: false, VmIds: [] },
      },
      { host: 'HV-SRC', parameters: { Paths: [], IncludeDefaultPath: false, VmIds: [app.id] } },
    ]);
  });

  it('reads what the host answers, one-element lists and missing parts included', () => {
    const f = parsePlacementFacts({
      processor: { vendor: 'GenuineIntel', name: 'Xeon', loadPercent: 12.5 },
      processorError: null,
      supportedVersions: '10.0',
      space: { path: 'D:\\VMs', root: 'D:\\', freeBytes: 10, volumeMissing: false },
      vms: null,
    });
    assert.deepEqual(f, {
      processor: { vendor: 'GenuineIntel', name: 'Xeon', loadPercent: 12.5 },
      processorError: undefined,
      supportedVersions: ['10.0'],
      space: [{ path: 'D:\\VMs', root: 'D:\\', freeBytes: 10 }],
      vms: [],
    });
    assert.throws(() => parsePlacementFacts({ supportedVersions: [1] }), /supportedVersions\[0\]: expected a string/);
  });

  it('sends the round once to every host in parallel; a host that fails is rated from the inventory with its reason', async () => {
    const calls: string[][] = [];
    class Runner extends FakeRunner {
      run<R>(op: HostOperation<R>, targets: readonly HostTarget[]): Promise<HostResult<R>[]> {
        calls.push(targets.map((x) => x.connection.name));
        return Promise.resolve(
          targets.map((x): HostResult<R> => {
            const name = x.connection.name;
            if (name === 'HV-C')
              return {
                host: name,
                ok: false,
                durationMs: 1,
                error: { host: name, script: op.script.name, kind: 'unreachable', message: 'Connection refused' },
              };
            const answer = facts().ok ? (facts() as { facts: unknown }).facts : undefined;
            return { host: name, ok: true, durationMs: 1, value: op.parse(answer) };
          }),
        );
      }
    }
    const service = new PlacementService({
      runner: () => new Runner(),
      target: (h) => Promise.resolve({ connection: { name: h, transport: 'local' } }),
      topology: () => t,
    });
    const rated = await service.rate([app]);
    assert.equal(calls.length, 1, 'one request');
    assert.deepEqual([...calls[0]!].sort(), ['HV-B', 'HV-C', 'HV-SRC']);
    const c = rated.find((r) => r.host === 'HV-C')!;
    assert.equal(c.reasons.find((r) => r.topic === 'cpu')!.text, "CPU load: couldn't read: Connection refused");
    assert.equal(rated[0]!.host, 'HV-B');
    assert.equal(rated[0]!.reasons.find((r) => r.topic === 'cpu')!.text, 'CPU load 20 %');
  });
});
