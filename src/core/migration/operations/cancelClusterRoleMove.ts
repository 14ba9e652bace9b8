import text from '../../../scripts/cluster-cancel-role-move.ps1';
import { asObject, optStr } from '../../json/read';
import { hostScript, type HostOperation } from '../../../contract/hostOperation';

const script = hostScript('cluster-cancel-role-move.ps1', text);

/** Move-ClusterVirtualMachineRole -Cancel, on a node of the VM's cluster. */
export function cancelClusterRoleMove(vmId: string): HostOperation<{ groupName?: string; ownerNode?: string }> {
  return {
    script,
    parameters: { VmId: vmId },
    // Cancelling a move again changes nothing more; polls tell where the role ended.
    idempotent: true,
    parse: (value) => {
      const o = value === null ? {} : asObject(value, 'cancel');
      return { groupName: optStr(o, 'groupName', 'cancel'), ownerNode: optStr(o, 'ownerNode', 'cancel') };
    },
  };
}
