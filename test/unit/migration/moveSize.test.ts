import { strict as assert } from 'node:assert';
import type { MigrationJob } from '../../../src/core/migration/model';
import type { PlanStep } from '../../../src/core/migration/planSteps';
import { moveSizes } from '../../../src/core/migration/moveSize';
import type { MigrationTopology } from '../../../src/core/migration/topology';
import { inventory, vm } from '../core/fixtures';
import { disk } from './estate';

const GB = 1024 ** 3;

function job(id: string, vmId: string, step: PlanStep, status: MigrationJob['status'] = 'running'): MigrationJob {
  return {
    id,
    kind: step.action === 'moveStorage' ? 'storage' : 'sharedNothing',
    vm: { id: vmId, name: id, host: 'HV-A' },
    sourceHost: 'HV-A',
    destinationHost: 'HV-B',
    status,
    percent: 10,
    steps: [{ action: step.action, host: 'HV-A', status: 'running' }],
    currentStep: 0,
    createdAt: '2026-11-29T10:00:00Z',
    expectedState: 'Running',
    plan: {
      kind: 'sharedNothing',
      request: { vm: { id: vmId, name: id, host: 'HV-A' }, destination: { type: 'host', host: 'HV-B' } },
      sourceHost: 'HV-A',
      destinationHost: 'HV-B',
      steps: [step],
      rollback: [],
      slot: 'live',
      expectedState: 'Running',
    },
  };
}

describe("what a move carries (the panel's throughput)", () => {
  const running = vm('run', 'HV-A', {
    memoryAssignedBytes: 4 * GB,
    disks: [disk('D:\\run.vhdx', { fileSizeBytes: 10 * GB })],
  });
  const off = vm('off', 'HV-A', {
    state: 'Off',
    memoryAssignedBytes: 0,
    disks: [disk('D:\\off.vhdx', { fileSizeBytes: 20 * GB })],
  });
  const topology: MigrationTopology = { hosts: [inventory('HV-A', [running, off]), inventory('HV-B', [])] };
  const moveVm = (mode: 'hostDefault' | 'shared'): PlanStep => ({
    action: 'moveVm',
    host: 'HV-A',
    destinationHost: 'HV-B',
    storage: { mode },
    retainSourceCopies: false,
  });

  it('a live move with its storage carries memory and disks; with shared storage, memory only', () => {
    const sizes = moveSizes(
      [job('a', running.id, moveVm('hostDefault')), job('b', running.id.toUpperCase(), moveVm('shared'))],
      topology,
    );
    assert.equal(sizes.get('a'), 14 * GB);
    assert.equal(sizes.get('b'), 4 * GB, 'VM ids compare without case');
  });

  it('a storage move carries the disks; an Off VM moves no memory', () => {
    const sizes = moveSizes(
      [
        job('s', running.id, {
          action: 'moveStorage',
          host: 'HV-A',
          storage: { mode: 'folder', path: 'E:\\VMs' },
          retainSourceCopies: false,
        }),
        job('o', off.id, moveVm('hostDefault')),
      ],
      topology,
    );
    assert.equal(sizes.get('s'), 10 * GB);
    assert.equal(sizes.get('o'), 20 * GB);
  });

  it('says nothing of a VM the inventory does not know, nor of finished moves', () => {
    const sizes = moveSizes(
      [
        job('gone', 'ffffffff-0000-0000-0000-000000000000', moveVm('hostDefault')),
        job('done', running.id, moveVm('hostDefault'), 'succeeded'),
      ],
      topology,
    );
    assert.equal(sizes.size, 0);
  });
});
