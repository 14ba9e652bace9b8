import addText from '../../../scripts/cluster-add-role.ps1';
import removeText from '../../../scripts/cluster-remove-role.ps1';
import { asObject, optBool, optStr } from '../../json/read';
import { hostScript, type HostOperation } from '../../../contract/hostOperation';

const addScript = hostScript('cluster-add-role.ps1', addText);
const removeScript = hostScript('cluster-remove-role.ps1', removeText);

export interface ClusterRoleResult {
  readonly groupName?: string;
  readonly ownerNode?: string;
  readonly state?: string;
  readonly cluster?: string;
  readonly vmState?: string;
  readonly isClustered?: boolean;
}

function parseRole(value: unknown): ClusterRoleResult {
  const o = asObject(value, 'role');
  return {
    groupName: optStr(o, 'groupName', 'role'),
    ownerNode: optStr(o, 'ownerNode', 'role'),
    state: optStr(o, 'state', 'role'),
    cluster: optStr(o, 'cluster', 'role'),
    vmState: optStr(o, 'vmState', 'role'),
    isClustered: optBool(o, 'isClustered', 'role'),
  };
}

/** Add-ClusterVirtualMachineRole -VMId on the node that holds the VM (no-op when it already is a role). */
export function addClusterRole(vmId: string, roleName?: string): HostOperation<ClusterRoleResult> {
  // Not idempotent: a run cut off mid-way can leave a half-made group that a second run trips over.
  return {
    script: addScript,
    parameters: roleName ? { VmId: vmId, RoleName: roleName } : { VmId: vmId },
    idempotent: false,
    parse: parseRole,
  };
}

/** Remove-ClusterGroup -VMId -RemoveResources -Force on the owner node: the VM stays registered there. */
export function removeClusterRole(vmId: string): HostOperation<ClusterRoleResult> {
  // Not idempotent: a second removal fails once the role is gone, and the caller would not learn it removed it.
  return { script: removeScript, parameters: { VmId: vmId }, idempotent: false, parse: parseRole };
}
