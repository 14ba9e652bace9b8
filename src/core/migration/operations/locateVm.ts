import text from '../../../scripts/migration-locate-vm.ps1';
import { asObject, bool, optBool, optStr, str, strings } from '../../json/read';
import { hostScript, type HostOperation } from '../../../contract/hostOperation';

const script = hostScript('migration-locate-vm.ps1', text);

export type VmPresence =
  | { readonly host: string; readonly found: false; readonly plannedVm?: boolean }
  | {
      readonly host: string;
      readonly found: true;
      readonly name: string;
      readonly state: string;
      readonly isClustered: boolean;
      readonly ownerNode?: string;
      /** The cluster role's name, when the VM is one. */
      readonly groupName?: string;
      /** A planned VM of it is on this host too (asked only with includePlanned). */
      readonly plannedVm?: boolean;
      readonly path?: string;
      readonly diskPaths: readonly string[];
      readonly operationalStatus: readonly string[];
    };

export function parseVmPresence(value: unknown): VmPresence {
  const o = asObject(value, 'locate');
  const host = str(o, 'host', 'locate');
  const plannedVm = optBool(o, 'plannedVm', 'locate');
  if (!bool(o, 'found', 'locate')) return { host, found: false, plannedVm };
  return {
    host,
    found: true,
    name: str(o, 'name', 'locate'),
    state: str(o, 'state', 'locate'),
    isClustered: optBool(o, 'isClustered', 'locate') ?? false,
    ownerNode: optStr(o, 'ownerNode', 'locate'),
    groupName: optStr(o, 'groupName', 'locate'),
    plannedVm,
    path: optStr(o, 'path', 'locate'),
    diskPaths: strings(o, 'diskPaths', 'locate'),
    operationalStatus: strings(o, 'operationalStatus', 'locate'),
  };
}

/**
 * Is the VM on this host, in what state, with its disks where (and, with `includePlanned`, is a planned VM of it
 * here). Sent to source and destination in one request.
 */
export function locateVm(vmId: string, includePlanned = false): HostOperation<VmPresence> {
  return {
    script,
    parameters: includePlanned ? { VmId: vmId, IncludePlanned: true } : { VmId: vmId },
    idempotent: true,
    parse: parseVmPresence,
  };
}
