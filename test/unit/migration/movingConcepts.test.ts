import * as assert from 'node:assert/strict';
import { activeMoveOf, isBeingMoved, vmsBeingMoved } from '../../../src/core/migration/model';
import {
  destinationOf,
  filesPlacementOf,
  isMovingStep,
  movingStep,
  type PlanStep,
} from '../../../src/core/migration/planSteps';
import { isStorageJob, migrationJobTypes } from '../../../src/core/migration/operations/pollMigrations';
import { jobOf as job } from './estate';

describe('is this VM being moved? and the moving step, each defined once', () => {
  it('a VM is being moved from queued until its move ends, whatever case its id is written in', () => {
    const jobs = [job('1', 'VM-A', 'succeeded'), job('2', 'vm-a', 'queued'), job('3', 'VM-B', 'failed')];
    assert.equal(activeMoveOf(jobs, 'VM-A')?.id, '2');
    assert.equal(isBeingMoved(jobs, 'vm-a'), true);
    assert.equal(isBeingMoved(jobs, 'VM-B'), false);
    assert.deepEqual([...vmsBeingMoved(jobs)], ['vm-a']);
  });

  it('the moving step is the one Move-VM, Move-VMStorage or Move-ClusterVirtualMachineRole step, not the role steps around it', () => {
    const storage = { mode: 'folder' as const, path: 'E:\\VMs\\web' };
    const steps: PlanStep[] = [
      { action: 'removeClusterRole', host: 'N1', cluster: 'C1' },
      { action: 'moveVm', host: 'N1', destinationHost: 'HV-B', storage, retainSourceCopies: false },
    ];
    assert.equal(steps.filter(isMovingStep).length, 1);
    assert.equal(movingStep({ steps })?.action, 'moveVm');
    assert.equal(destinationOf(movingStep({ steps })), 'HV-B');
    assert.deepEqual(filesPlacementOf({ steps }), storage);
    const role: PlanStep[] = [{ action: 'moveClusterRole', host: 'N1', node: 'N2', migrationType: 'Live' }];
    assert.equal(destinationOf(role[0]!), 'N2');
    assert.equal(filesPlacementOf({ steps: role }), undefined);
    assert.equal(movingStep(undefined), undefined);
  });

  it('the storage migration job type is 307 (Msvm_MigrationJob.JobType)', () => {
    assert.equal(migrationJobTypes.movingStorage, 307);
    assert.equal(isStorageJob({ jobType: 307 }), true);
    assert.equal(isStorageJob({ jobType: migrationJobTypes.movingVmAndStorage }), false);
  });
});
