import text from '../../../scripts/migration-start-storage-move.ps1';
import { hostScript, type HostOperation } from '../../operations/hostOperation';
import type { PlanStep } from '../model';
import { parseStartResult, type StartResult } from './startResult';
import { storageParameters } from './storageParameters';

const script = hostScript('migration-start-storage-move.ps1', text);

/** Move-VMStorage -AsJob on the VM's host. */
export function startStorageMove(vmId: string, step: Extract<PlanStep, { action: 'moveStorage' }>, clustered = false): HostOperation<StartResult> {
  return {
    script,
    parameters: {
      VmId: vmId,
      ...storageParameters(step.storage),
      RetainVhdCopiesOnSource: step.retainSourceCopies,
      // A clustered VM's new paths are cluster storage other nodes must reach; the host cannot always verify that.
      AllowUnverifiedPaths: clustered,
    },
    // Not idempotent: a second Move-VMStorage starts another move or fails on the one in progress.
    idempotent: false,
    parse: parseStartResult,
  };
}
