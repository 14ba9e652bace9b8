import text from '../../../scripts/migration-start-storage-move.ps1';
import { hostScript, type HostOperation } from '../../../contract/hostOperation';
import type { PlanStep } from '../planSteps';
import { parseStartResult, type StartResult } from './startResult';
import { storageParameters } from './storageParameters';

const script = hostScript('migration-start-storage-move.ps1', text);

/**
 * Move-VMStorage -AsJob on the VM's host. Never with -AllowUnverifiedPaths: for a clustered VM that switch skips the
 * host's check that the new paths are cluster storage (a CSV or an SMB share every node reaches), and a role whose
 * files landed on one node's local disk cannot fail over. The rules accept only cluster storage for such a VM, which
 * the host verifies, so the switch is never needed; when the host refuses a path, the user sees its reason.
 */
export function startStorageMove(
  vmId: string,
  step: Extract<PlanStep, { action: 'moveStorage' }>,
): HostOperation<StartResult> {
  return {
    script,
    parameters: { VmId: vmId, ...storageParameters(step.storage), RetainVhdCopiesOnSource: step.retainSourceCopies },
    // Not idempotent: a second Move-VMStorage starts another move or fails on the one in progress.
    idempotent: false,
    parse: parseStartResult,
  };
}
