/** What one host reports about itself, its VMs and (for a cluster node) its cluster. Plain data. */

/** Microsoft.HyperV.PowerShell.VMState names (docs/hyperv.md, "Virtual machines"). */
export type VmStateName = string;

export type VmStateGroup = 'running' | 'off' | 'saved' | 'paused' | 'critical' | 'transition';

export interface DiskInfo {
  readonly path: string;
  readonly controllerType?: string;
  readonly controllerNumber?: number;
  readonly controllerLocation?: number;
  readonly passThrough: boolean;
  readonly vhdType?: string;
  readonly vhdFormat?: string;
  readonly sizeBytes?: number;
  readonly fileSizeBytes?: number;
}

export interface AdapterInfo {
  readonly name: string;
  readonly id?: string;
  readonly switchName?: string;
  readonly macAddress?: string;
  readonly ipAddresses: readonly string[];
  readonly vmqWeight?: number;
  readonly vmqUsage?: number;
  readonly ipsecOffloadMaxSA?: number;
  readonly ipsecOffloadSAUsage?: number;
  readonly iovWeight?: number;
  readonly iovUsage?: number;
  readonly iovQueuePairsRequested?: number;
  readonly iovQueuePairsAssigned?: number;
  readonly iovInterruptModeration?: string;
  readonly vrssEnabled?: boolean;
  readonly vmmqEnabled?: boolean;
  readonly vmmqQueuePairs?: number;
}

export interface CheckpointInfo {
  readonly name: string;
  readonly creationTime?: string;
}

export interface VmInfo {
  readonly id: string;
  readonly name: string;
  readonly host: string;
  readonly state: VmStateName;
  readonly status?: string;
  readonly operationalStatus: readonly string[];
  readonly cpuUsage: number;
  readonly memoryAssignedBytes: number;
  readonly memoryStartupBytes?: number;
  readonly uptimeSeconds: number;
  readonly generation?: number;
  readonly version?: string;
  readonly path?: string;
  readonly isClustered: boolean;
  readonly ownerNode?: string;
  readonly processorCount?: number;
  readonly disks: readonly DiskInfo[];
  readonly adapters: readonly AdapterInfo[];
  readonly checkpoints: readonly CheckpointInfo[];
}

export interface HostInfo {
  /**
   * The host's identity: the configured entry (or cluster node) it was reached as. As parsed from the host, its own
   * computer name, until the inventory service files it (see hostIdentity.ts).
   */
  readonly name: string;
  /** The computer name the host reports (Get-VMHost Name): data, not identity. */
  readonly reportedName?: string;
  /** Other configured entries that reach this same machine; it is shown once, under `name`. */
  readonly aliases?: readonly string[];
  readonly fullyQualifiedDomainName?: string;
  readonly logicalProcessorCount?: number;
  readonly memoryCapacityBytes?: number;
  readonly virtualMachinePath?: string;
  readonly virtualHardDiskPath?: string;
  readonly migrationEnabled?: boolean;
  readonly maximumVirtualMachineMigrations?: number;
  readonly maximumStorageMigrations?: number;
  /** VirtualMachineMigrationAuthenticationType: Kerberos or CredSSP. */
  readonly migrationAuthenticationType?: string;
  /** VirtualMachineMigrationPerformanceOption: TCPIP, Compression or SMB. */
  readonly migrationPerformanceOption?: string;
  readonly useAnyNetworkForMigration?: boolean;
}

export type ClusterNodeStateName = 'Up' | 'Down' | 'Paused' | 'Joining' | 'Unknown';

export interface ClusterNodeInfo {
  readonly name: string;
  readonly state: ClusterNodeStateName;
  readonly drainStatus?: string;
}

export interface ClusterInfo {
  readonly name: string;
  readonly maximumParallelMigrations?: number;
  readonly nodes: readonly ClusterNodeInfo[];
}

export interface SwitchInfo {
  readonly name: string;
  readonly switchType?: string;
  readonly iovEnabled: boolean;
}

export interface HostInventory {
  readonly host: HostInfo;
  readonly cluster?: ClusterInfo;
  readonly switches: readonly SwitchInfo[];
  readonly vms: readonly VmInfo[];
}
