import text from '../../../scripts/migration-start-move.ps1';
import { hostScript, type HostOperation, type ParameterValue } from '../../operations/hostOperation';
import type { PlanStep } from '../model';
import { parseStartResult, type StartResult } from './startResult';
import { storageParameters } from './storageParameters';

const script = hostScript('migration-start-move.ps1', text);

/** Move-VM -AsJob on the source host (the step's host). */
export function startMove(
  vmId: string,
  step: Extract<PlanStep, { action: 'moveVm' }>,
  switchMap?: Readonly<Record<string, string>>,
): HostOperation<StartResult> {
  const parameters: Record<string, ParameterValue> = {
    VmId: vmId,
    DestinationHost: step.destinationHost,
    ...storageParameters(step.storage),
    RetainVhdCopiesOnSource: step.retainSourceCopies,
  };
  if (switchMap && Object.keys(switchMap).length) parameters.SwitchMap = { ...switchMap };
  // Not idempotent: a second Move-VM starts another migration or fails on the one in progress.
  return { script, parameters, idempotent: false, parse: parseStartResult };
}
