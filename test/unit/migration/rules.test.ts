import * as assert from 'node:assert/strict';
import type { MoveRequest } from '../../../src/core/migration/model';
import { planMove, type PlanResult, type RuleCode } from '../../../src/core/migration/rules';
import { classifyMove } from '../../../src/core/migration/classifyMove';
import type { VmInfo } from '../../../src/core/inventory/inventory';
import { estate } from './estate';

function ref(v: VmInfo) {
  return { id: v.id, name: v.name, host: v.host };
}

function codes(r: PlanResult): RuleCode[] {
  return r.ok ? [] : r.problems.map((p) => p.code);
}

function plan(r: PlanResult) {
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '));
  return r.plan;
}

describe('migration rules: which kind a move is', () => {
  const e = estate();
  const kindOf = (request: MoveRequest): string => {
    const c = classifyMove(request, e.topology);
    return 'kind' in c ? c.kind : `illegal:${c.code}`;
  };

  it('standalone → standalone is shared-nothing; same host is storage', () => {
    assert.equal(kindOf({ vm: ref(e.web), destination: { type: 'host', host: 'HV-B' } }), 'sharedNothing');
    assert.equal(kindOf({ vm: ref(e.web), destination: { type: 'sameHost' } }), 'storage');
  });

  it('a clustered VM to another node of its cluster is clustered, even when the node is named as a host', () => {
    assert.equal(
      kindOf({ vm: ref(e.sql), destination: { type: 'clusterNode', cluster: 'CLU-A', node: 'A-N2' } }),
      'clustered',
    );
    assert.equal(kindOf({ vm: ref(e.sql), destination: { type: 'host', host: 'a-n2' } }), 'clustered');
  });

  it('silo moves: standalone → cluster, cluster → other cluster, cluster → standalone', () => {
    assert.equal(
      kindOf({ vm: ref(e.web), destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N1' } }),
      'standaloneToCluster',
    );
    assert.equal(
      kindOf({ vm: ref(e.sql), destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N2' } }),
      'clusterToCluster',
    );
    assert.equal(kindOf({ vm: ref(e.sql), destination: { type: 'host', host: 'HV-B' } }), 'clusterToStandalone');
  });
});

describe('migration rules: what is illegal and why', () => {
  const e = estate();
  const cases: [string, MoveRequest, RuleCode][] = [
    [
      'a VM the inventory does not have there',
      { vm: { id: e.web.id, name: 'web-01', host: 'HV-B' }, destination: { type: 'host', host: 'HV-A' } },
      'vmNotFound',
    ],
    [
      'a destination nobody loaded',
      { vm: ref(e.web), destination: { type: 'host', host: 'HV-Z' } },
      'destinationUnknown',
    ],
    [
      'moving to the host it is on',
      { vm: ref(e.web), destination: { type: 'host', host: 'hv-a' } },
      'destinationIsSource',
    ],
    [
      'a node that is not in the cluster',
      { vm: ref(e.sql), destination: { type: 'clusterNode', cluster: 'CLU-A', node: 'B-N1' } },
      'nodeNotInCluster',
    ],
    [
      'a paused node',
      { vm: ref(e.sql), destination: { type: 'clusterNode', cluster: 'CLU-A', node: 'A-N3' } },
      'nodeNotUp',
    ],
    ['a VM in transition (Starting)', { vm: ref(e.busy), destination: { type: 'host', host: 'HV-B' } }, 'vmBusy'],
    [
      'storage options on a clustered move',
      {
        vm: ref(e.sql),
        destination: { type: 'clusterNode', cluster: 'CLU-A', node: 'A-N2' },
        storage: { mode: 'folder', path: 'C:\\ClusterStorage\\Volume2' },
      },
      'storageOptionsOnClusteredMove',
    ],
    ['a storage move without a place', { vm: ref(e.web), destination: { type: 'sameHost' } }, 'storageMoveNeedsPath'],
    [
      'a relative folder',
      { vm: ref(e.web), destination: { type: 'host', host: 'HV-B' }, storage: { mode: 'folder', path: 'VMs\\web' } },
      'invalidPath',
    ],
    [
      "a disk that is not the VM's",
      {
        vm: ref(e.web),
        destination: { type: 'host', host: 'HV-B' },
        storage: { mode: 'perDisk', disks: [{ source: 'D:\\other.vhdx', destination: 'E:\\other.vhdx' }] },
      },
      'diskNotOnVm',
    ],
    [
      'a disk renamed on the way',
      {
        vm: ref(e.web),
        destination: { type: 'host', host: 'HV-B' },
        storage: { mode: 'perDisk', disks: [{ source: 'D:\\VMs\\web-01\\data.vhdx', destination: 'E:\\data2.vhdx' }] },
      },
      'diskNameMismatch',
    ],
    [
      'into a cluster but not onto cluster storage',
      {
        vm: ref(e.web),
        destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N1' },
        storage: { mode: 'folder', path: 'D:\\VMs' },
      },
      'notOnClusterStorage',
    ],
    [
      'into a cluster through ".." out of the cluster storage',
      {
        vm: ref(e.web),
        destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N1' },
        storage: { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\..\\..\\VMs\\web-01' },
      },
      'notOnClusterStorage',
    ],
    [
      "into a cluster onto the node's local default path",
      { vm: ref(e.web), destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N1' } },
      'notOnClusterStorage',
    ],
    [
      'leaving files on local disks for a move without storage',
      { vm: ref(e.web), destination: { type: 'host', host: 'HV-B' }, storage: { mode: 'shared' } },
      'filesNotShared',
    ],
    [
      'quick migration between standalone hosts',
      { vm: ref(e.web), destination: { type: 'host', host: 'HV-B' }, clusterMigrationType: 'Quick' },
      'quickOnlyForClustered',
    ],
  ];
  for (const [what, request, code] of cases) {
    it(`refuses ${what} (${code}) with a reason`, () => {
      const r = planMove(request, e.topology);
      assert.ok(codes(r).includes(code), `expected ${code}, got ${codes(r).join(',') || 'a plan'}`);
      assert.ok(!r.ok && r.problems.every((p) => p.message.length > 10));
    });
  }

  it('allows a move without storage when every file is on an SMB share', () => {
    assert.equal(
      planMove(
        { vm: ref(e.onShare), destination: { type: 'host', host: 'HV-B' }, storage: { mode: 'shared' } },
        e.topology,
      ).ok,
      true,
    );
  });
});

describe('migration plans', () => {
  const e = estate();

  it('shared-nothing: one Move-VM step on the source, disks expected in the chosen folder', () => {
    const p = plan(
      planMove(
        {
          vm: ref(e.web),
          destination: { type: 'host', host: 'HV-B' },
          storage: { mode: 'folder', path: 'E:\\VMs\\web-01\\' },
        },
        e.topology,
      ),
    );
    assert.deepEqual(
      p.steps.map((s) => `${s.action}@${s.host}`),
      ['moveVm@HV-A'],
    );
    assert.equal(p.slot, 'live');
    assert.deepEqual(p.expectedDiskPaths, ['E:\\VMs\\web-01\\web-01.vhdx', 'E:\\VMs\\web-01\\data.vhdx']);
    assert.equal(p.expectedState, 'Running');
  });

  it("shared-nothing by default puts the disks in the destination's default virtual hard disk path, sent item by item", () => {
    const p = plan(planMove({ vm: ref(e.web), destination: { type: 'host', host: 'HV-B' } }, e.topology));
    assert.deepEqual(p.expectedDiskPaths, [
      'D:\\Hyper-V\\Virtual Hard Disks\\web-01.vhdx',
      'D:\\Hyper-V\\Virtual Hard Disks\\data.vhdx',
    ]);
    // -IncludeStorage alone would keep the source's paths on the destination: the defaults are spelled out.
    const step = p.steps[0]!;
    assert.ok(
      step.action === 'moveVm' && step.storage.mode === 'perDisk' && step.storage.virtualMachinePath === 'D:\\Hyper-V',
    );
  });

  it('disk by disk: listed disks go where asked, the others stay', () => {
    const p = plan(
      planMove(
        {
          vm: ref(e.web),
          destination: { type: 'host', host: 'HV-B' },
          storage: {
            mode: 'perDisk',
            virtualMachinePath: 'D:\\VMs\\web-01',
            disks: [{ source: 'D:\\VMs\\web-01\\data.vhdx', destination: 'E:\\Data\\data.vhdx' }],
          },
        },
        e.topology,
      ),
    );
    assert.deepEqual(p.expectedDiskPaths, ['D:\\VMs\\web-01\\web-01.vhdx', 'E:\\Data\\data.vhdx']);
  });

  it("storage migration uses the storage slot of the VM's own host", () => {
    const p = plan(
      planMove(
        {
          vm: ref(e.web),
          destination: { type: 'sameHost' },
          storage: { mode: 'folder', path: '\\\\FS01\\VMs\\web-01' },
        },
        e.topology,
      ),
    );
    assert.equal(p.kind, 'storage');
    assert.equal(p.slot, 'storage');
    assert.deepEqual(
      p.steps.map((s) => s.action),
      ['moveStorage'],
    );
  });

  it('clustered: Move-ClusterVirtualMachineRole from the owner node, Live for a running VM', () => {
    const p = plan(
      planMove({ vm: ref(e.sql), destination: { type: 'clusterNode', cluster: 'CLU-A', node: 'A-N2' } }, e.topology),
    );
    assert.deepEqual(p.steps, [
      { action: 'moveClusterRole', host: 'A-N1', node: 'A-N2', nodeName: 'A-N2', migrationType: 'Live' },
    ]);
    assert.deepEqual(p.rollback, []);
  });

  it('standalone → cluster: move to the node onto the CSV, then make it a role there', () => {
    const p = plan(
      planMove(
        {
          vm: ref(e.web),
          destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N1' },
          storage: { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\web-01' },
        },
        e.topology,
      ),
    );
    assert.deepEqual(
      p.steps.map((s) => `${s.action}@${s.host}`),
      ['moveVm@HV-A', 'addClusterRole@B-N1'],
    );
    assert.equal(p.destinationCluster, 'CLU-B');
    assert.deepEqual(p.rollback, []);
  });

  it('cluster → cluster: remove the role keeping the VM, move, add the role there; rollback puts the role back at the source', () => {
    const p = plan(
      planMove(
        {
          vm: ref(e.sql),
          destination: { type: 'clusterNode', cluster: 'CLU-B', node: 'B-N2' },
          storage: { mode: 'folder', path: 'C:\\ClusterStorage\\Volume1\\sql-01' },
        },
        e.topology,
      ),
    );
    assert.deepEqual(
      p.steps.map((s) => `${s.action}@${s.host}`),
      ['removeClusterRole@A-N1', 'moveVm@A-N1', 'addClusterRole@B-N2'],
    );
    assert.deepEqual(p.rollback, [{ action: 'addClusterRole', host: 'A-N1', cluster: 'CLU-A' }]);
  });

  it('cluster → standalone: remove the role, move; rollback puts the role back', () => {
    const p = plan(planMove({ vm: ref(e.sql), destination: { type: 'host', host: 'HV-B' } }, e.topology));
    assert.deepEqual(
      p.steps.map((s) => s.action),
      ['removeClusterRole', 'moveVm'],
    );
    assert.equal(p.destinationCluster, undefined);
    assert.equal(p.rollback.length, 1);
  });
});
