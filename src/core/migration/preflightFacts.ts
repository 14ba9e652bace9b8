/** What the preflight learns from the source and the destination (read by operations/readPreflightFacts.ts). */
import type { HostConnection } from '../../contract/hostRunner';
import type { MigrationPlan, StoragePlacement } from './model';

export interface CompareIncompatibility {
  readonly messageId: number;
  readonly message: string;
  readonly sourceType?: string;
  readonly adapterName?: string;
  readonly adapterId?: string;
  readonly switchName?: string;
}

/** What both ends of a move say about their live migration settings. */
export interface HostMigrationFacts {
  readonly name: string;
  readonly fullyQualifiedDomainName?: string;
  readonly migrationEnabled: boolean;
  readonly authenticationType?: string;
  readonly performanceOption?: string;
}

export interface SourceFacts {
  readonly host: HostMigrationFacts & {
    readonly maximumVirtualMachineMigrations?: number;
    readonly maximumStorageMigrations?: number;
  };
  readonly vm: {
    readonly id: string;
    readonly name: string;
    readonly state: string;
    readonly version?: string;
    readonly isClustered: boolean;
    readonly memoryAssignedBytes: number;
    readonly memoryStartupBytes: number;
    readonly path?: string;
    readonly disks: readonly {
      path: string;
      passThrough: boolean;
      diskNumber?: number;
      sizeBytes?: number;
      fileSizeBytes?: number;
    }[];
    readonly adapters: readonly { name: string; id?: string; macAddress?: string; switchName?: string }[];
  };
  /** InstanceIDs of migration jobs of this VM that have not ended. */
  readonly runningJobs: readonly string[];
  /** msDS-AllowedToDelegateTo of the source's computer account; undefined when it could not be read. */
  readonly delegation?: readonly string[];
  readonly compare: {
    readonly ran: boolean;
    readonly error?: string;
    readonly errorId?: string;
    readonly incompatibilities: readonly CompareIncompatibility[];
  };
}

export interface DestinationFacts {
  readonly host: HostMigrationFacts & {
    readonly virtualHardDiskPath?: string;
    readonly virtualMachinePath?: string;
    readonly memoryCapacityBytes: number;
    readonly memoryAssignedBytes: number;
  };
  readonly supportedVersions: readonly string[];
  readonly switches: readonly string[];
  readonly sameVm?: { readonly name: string; readonly state: string };
  /** A planned VM (Msvm_PlannedComputerSystem) of this VM on the destination, left by an earlier move. */
  readonly plannedVm?: { readonly name: string };
  /**
   * Free space of the volume under each asked path; undefined freeBytes when it could not be read (a share);
   * volumeMissing when the path is on a drive letter the host does not have.
   */
  readonly space: readonly {
    readonly path: string;
    readonly root?: string;
    readonly freeBytes?: number;
    readonly volumeMissing?: boolean;
  }[];
}

export interface PreflightFacts {
  readonly source?: SourceFacts;
  readonly destination?: DestinationFacts;
}

export interface PreflightCompare {
  readonly destinationHost: string;
  readonly storage: StoragePlacement;
  readonly retainSourceCopies: boolean;
}

/** What every preflight check reads: the plan and the facts of two hosts that answered. */
export interface AnsweredFacts {
  readonly plan: MigrationPlan;
  readonly src: SourceFacts;
  readonly dst: DestinationFacts;
  /** How we reach the source host: CredSSP moves need a session that holds the user's credentials there. */
  readonly sourceConnection?: HostConnection;
  /** Does the plan write the VM's files to new places? */
  readonly movesStorage: boolean;
}

/** Everything but a storage move within one host takes the VM to another host. */
export const crossHost = (f: AnsweredFacts): boolean => f.plan.kind !== 'storage';
