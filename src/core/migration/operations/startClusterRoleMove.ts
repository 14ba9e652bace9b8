import text from '../../../scripts/cluster-start-role-move.ps1';
import { hostScript, type HostOperation } from '../../../contract/hostOperation';
import type { PlanStep } from '../planSteps';
import { parseStartResult, type StartResult } from './startResult';

const script = hostScript('cluster-start-role-move.ps1', text);

/** Move-ClusterVirtualMachineRole -Wait 0 on the owner node. */
export function startClusterRoleMove(
  vmId: string,
  step: Extract<PlanStep, { action: 'moveClusterRole' }>,
): HostOperation<StartResult> {
  // Not idempotent: a second start moves the role again or fails on the move in progress.
  return {
    script,
    parameters: { VmId: vmId, Node: step.nodeName ?? step.node, MigrationType: step.migrationType },
    idempotent: false,
    parse: parseStartResult,
  };
}
