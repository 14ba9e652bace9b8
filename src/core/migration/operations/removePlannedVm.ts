import text from '../../../scripts/migration-remove-planned-vm.ps1';
import { asObject, bool, optNum } from '../../json/read';
import { hostScript, type HostOperation } from '../../../contract/hostOperation';

const script = hostScript('migration-remove-planned-vm.ps1', text);

export interface RemovePlannedVmResult {
  /** A planned VM of this VM was on the host. */
  readonly found: boolean;
  readonly removed: boolean;
  /** DestroySystem's return value (0 done, 4096 accepted as a job). */
  readonly returnValue?: number;
}

/** Removes the planned VM a failed or cancelled move left on the destination (DestroySystem), never a real VM. */
export function removePlannedVm(vmId: string): HostOperation<RemovePlannedVmResult> {
  return {
    script,
    parameters: { VmId: vmId },
    // Removing a planned VM that is gone finds nothing and removes nothing: sent twice, the host ends the same.
    idempotent: true,
    parse: (value) => {
      const o = asObject(value, 'removePlanned');
      return {
        found: bool(o, 'found', 'removePlanned'),
        removed: bool(o, 'removed', 'removePlanned'),
        returnValue: optNum(o, 'returnValue', 'removePlanned'),
      };
    },
  };
}
