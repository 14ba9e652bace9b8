import text from '../../../scripts/get-inventory.ps1';
import { asObject, bool, list, optBool, optNum, optStr, str, strings, type JsonObject } from '../../json/read';
import type {
  AdapterInfo,
  CheckpointInfo,
  ClusterInfo,
  ClusterNodeStateName,
  DiskInfo,
  HostInventory,
  SwitchInfo,
  VmInfo,
} from '../inventory';
import { hostScript, type HostOperation } from '../../../contract/hostOperation';
import { idKey } from '../../names';

const script = hostScript('get-inventory.ps1', text);

const nodeStates: readonly ClusterNodeStateName[] = ['Up', 'Down', 'Paused', 'Joining', 'Unknown'];

function readDisk(o: JsonObject, p: string): DiskInfo {
  return {
    path: optStr(o, 'path', p) ?? '',
    controllerType: optStr(o, 'controllerType', p),
    controllerNumber: optNum(o, 'controllerNumber', p),
    controllerLocation: optNum(o, 'controllerLocation', p),
    passThrough: optBool(o, 'passThrough', p) ?? false,
    vhdType: optStr(o, 'vhdType', p),
    vhdFormat: optStr(o, 'vhdFormat', p),
    sizeBytes: optNum(o, 'sizeBytes', p),
    fileSizeBytes: optNum(o, 'fileSizeBytes', p),
  };
}

function readAdapter(o: JsonObject, p: string): AdapterInfo {
  return {
    name: str(o, 'name', p),
    id: optStr(o, 'id', p),
    switchName: optStr(o, 'switchName', p),
    macAddress: optStr(o, 'macAddress', p),
    ipAddresses: strings(o, 'ipAddresses', p),
    vmqWeight: optNum(o, 'vmqWeight', p),
    vmqUsage: optNum(o, 'vmqUsage', p),
    ipsecOffloadMaxSA: optNum(o, 'ipsecOffloadMaxSA', p),
    ipsecOffloadSAUsage: optNum(o, 'ipsecOffloadSAUsage', p),
    iovWeight: optNum(o, 'iovWeight', p),
    iovUsage: optNum(o, 'iovUsage', p),
    iovQueuePairsRequested: optNum(o, 'iovQueuePairsRequested', p),
    iovQueuePairsAssigned: optNum(o, 'iovQueuePairsAssigned', p),
    iovInterruptModeration: optStr(o, 'iovInterruptModeration', p),
    vrssEnabled: optBool(o, 'vrssEnabled', p),
    vmmqEnabled: optBool(o, 'vmmqEnabled', p),
    vmmqQueuePairs: optNum(o, 'vmmqQueuePairs', p),
  };
}

function readCheckpoint(o: JsonObject, p: string): CheckpointInfo {
  return { name: str(o, 'name', p), creationTime: optStr(o, 'creationTime', p) };
}

function readVm(hostName: string) {
  return (o: JsonObject, p: string): VmInfo => ({
    id: idKey(str(o, 'id', p)),
    name: str(o, 'name', p),
    host: hostName,
    state: str(o, 'state', p),
    status: optStr(o, 'status', p),
    operationalStatus: strings(o, 'operationalStatus', p),
    cpuUsage: optNum(o, 'cpuUsage', p) ?? 0,
    memoryAssignedBytes: optNum(o, 'memoryAssignedBytes', p) ?? 0,
    memoryStartupBytes: optNum(o, 'memoryStartupBytes', p),
    uptimeSeconds: optNum(o, 'uptimeSeconds', p) ?? 0,
    generation: optNum(o, 'generation', p),
    version: optStr(o, 'version', p),
    path: optStr(o, 'path', p),
    isClustered: optBool(o, 'isClustered', p) ?? false,
    ownerNode: optStr(o, 'ownerNode', p),
    processorCount: optNum(o, 'processorCount', p),
    disks: list(o, 'disks', p, readDisk),
    adapters: list(o, 'adapters', p, readAdapter),
    checkpoints: list(o, 'checkpoints', p, readCheckpoint),
  });
}

function readCluster(o: JsonObject, p: string): ClusterInfo {
  return {
    name: str(o, 'name', p),
    maximumParallelMigrations: optNum(o, 'maximumParallelMigrations', p),
    nodes: list(o, 'nodes', p, (n, np) => {
      const state = str(n, 'state', np);
      return {
        name: str(n, 'name', np),
        state: (nodeStates as readonly string[]).includes(state) ? (state as ClusterNodeStateName) : 'Unknown',
        drainStatus: optStr(n, 'drainStatus', np),
      };
    }),
  };
}

function readSwitch(o: JsonObject, p: string): SwitchInfo {
  return { name: str(o, 'name', p), switchType: optStr(o, 'switchType', p), iovEnabled: bool(o, 'iovEnabled', p) };
}

export function parseInventory(value: unknown): HostInventory {
  const root = asObject(Array.isArray(value) ? value[0] : value, 'inventory');
  const h = asObject(root.host, 'inventory.host');
  const hostName = str(h, 'name', 'inventory.host');
  return {
    host: {
      name: hostName,
      fullyQualifiedDomainName: optStr(h, 'fullyQualifiedDomainName', 'inventory.host'),
      logicalProcessorCount: optNum(h, 'logicalProcessorCount', 'inventory.host'),
      memoryCapacityBytes: optNum(h, 'memoryCapacityBytes', 'inventory.host'),
      virtualMachinePath: optStr(h, 'virtualMachinePath', 'inventory.host'),
      virtualHardDiskPath: optStr(h, 'virtualHardDiskPath', 'inventory.host'),
      migrationEnabled: optBool(h, 'migrationEnabled', 'inventory.host'),
      maximumVirtualMachineMigrations: optNum(h, 'maximumVirtualMachineMigrations', 'inventory.host'),
      maximumStorageMigrations: optNum(h, 'maximumStorageMigrations', 'inventory.host'),
      migrationAuthenticationType: optStr(h, 'migrationAuthenticationType', 'inventory.host'),
      migrationPerformanceOption: optStr(h, 'migrationPerformanceOption', 'inventory.host'),
      useAnyNetworkForMigration: optBool(h, 'useAnyNetworkForMigration', 'inventory.host'),
    },
    cluster:
      root.cluster === null || root.cluster === undefined
        ? undefined
        : readCluster(asObject(root.cluster, 'inventory.cluster'), 'inventory.cluster'),
    switches: list(root, 'switches', 'inventory', readSwitch),
    vms: list(root, 'vms', 'inventory', readVm(hostName)),
  };
}

/** The whole inventory of one host in one round trip. */
export function getInventory(): HostOperation<HostInventory> {
  return { script, parameters: {}, idempotent: true, parse: parseInventory };
}
