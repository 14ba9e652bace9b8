/** What rating a destination learns from the hosts beyond the inventory (read by operations/readPlacementFacts.ts). */

export interface VolumeSpace {
  readonly path: string;
  readonly root?: string;
  /** Undefined when it could not be read (a share). */
  readonly freeBytes?: number;
  /** The path is on a drive letter the host does not have. */
  readonly volumeMissing?: boolean;
}

export interface HostPlacementFacts {
  /** Win32_Processor; undefined when it could not be read (`processorError` says why). */
  readonly processor?: {
    readonly vendor?: string;
    readonly name?: string;
    readonly loadPercent?: number;
  };
  readonly processorError?: string;
  /** Configuration versions the host runs (Get-VMHostSupportedVersion). */
  readonly supportedVersions: readonly string[];
  /** Free space under each path asked for. */
  readonly space: readonly VolumeSpace[];
  /** The asked VMs that are on this host: processor compatibility mode (CompatibilityForMigrationEnabled). */
  readonly vms: readonly { readonly id: string; readonly compatibilityForMigration: boolean }[];
}

/** One host's answer: its facts, or why there are none ("couldn't read: <reason>"). */
export type PlacementFactsAnswer =
  { readonly ok: true; readonly facts: HostPlacementFacts } | { readonly ok: false; readonly reason: string };

/** The answers of one round, by host name key (names.ts nameKey); a host not in it was not asked. */
export type PlacementFactsByHost = ReadonlyMap<string, PlacementFactsAnswer>;
