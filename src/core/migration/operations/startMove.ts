import text from '../../../scripts/migration-start-move.ps1';
import { hostScript, type HostOperation, type ParameterValue } from '../../../contract/hostOperation';
import type { PlanStep } from '../planSteps';
import { hasSwitchMap, type SwitchMap } from '../switchMap';
import { parseStartResult, type StartResult } from './startResult';
import { storageParameters } from './storageParameters';

const script = hostScript('migration-start-move.ps1', text);

/** Move-VM -AsJob on the source host (the step's host). */
export function startMove(
  vmId: string,
  step: Extract<PlanStep, { action: 'moveVm' }>,
  switchMap?: SwitchMap,
): HostOperation<StartResult> {
  const parameters: Record<string, ParameterValue> = {
    VmId: vmId,
    // The name the source host resolves and authenticates, not the identity we reach the destination by.
    DestinationHost: step.destinationName ?? step.destinationHost,
    ...storageParameters(step.storage),
    RetainVhdCopiesOnSource: step.retainSourceCopies,
  };
  // Adapter Id → switch; fromEntries keeps every Id an own key (see switchMap.ts).
  if (hasSwitchMap(switchMap)) parameters.SwitchMap = Object.fromEntries(Object.entries(switchMap));
  // Not idempotent: a second Move-VM starts another migration or fails on the one in progress.
  return { script, parameters, idempotent: false, parse: parseStartResult };
}
