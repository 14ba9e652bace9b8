import { nameKey } from '../names';
import { rateProblem, smbFeatureHint, type SmbLiveMigrationLimit } from './smbBandwidth';
/** A host's migration settings (Get-VMHost / Get-VMMigrationNetwork) and the validation of a change. */
export type AuthenticationType = 'CredSSP' | 'Kerberos';
export type PerformanceOption = 'TCPIP' | 'Compression' | 'SMB';

export const authenticationTypes: readonly AuthenticationType[] = ['CredSSP', 'Kerberos'];
export const performanceOptions: readonly PerformanceOption[] = ['TCPIP', 'Compression', 'SMB'];

export interface MigrationNetwork {
  readonly subnet: string;
  readonly priority?: number;
}

export interface HostMigrationSettings {
  readonly host: string;
  readonly migrationEnabled: boolean;
  readonly maximumVirtualMachineMigrations: number;
  readonly maximumStorageMigrations: number;
  readonly authenticationType: string;
  readonly performanceOption: string;
  readonly useAnyNetworkForMigration: boolean;
  readonly networks: readonly MigrationNetwork[];
  /** Set on cluster nodes: the cluster's name. */
  readonly cluster?: string;
  /**
   * The cluster's limit, which overrides maximumVirtualMachineMigrations on its nodes. Absent on clusters before the
   * September 2022 update of Windows Server 2022 (2016, 2019, early 2022): no cluster limit, each node's own applies.
   */
  readonly clusterMaximumParallelMigrations?: number;
  /** Set-SmbBandwidthLimit -Category LiveMigration; absent when the answer did not say (an older script). */
  readonly smbLiveMigrationLimit?: SmbLiveMigrationLimit;
}

/** What to change; absent fields stay as they are. */
export interface MigrationSettingsChange {
  readonly migrationEnabled?: boolean;
  readonly maximumVirtualMachineMigrations?: number;
  readonly maximumStorageMigrations?: number;
  readonly authenticationType?: AuthenticationType;
  readonly performanceOption?: PerformanceOption;
  readonly useAnyNetworkForMigration?: boolean;
  readonly addNetworks?: readonly MigrationNetwork[];
  readonly removeNetworks?: readonly string[];
  /** The SMB bandwidth limit of live migration in bytes per second; null removes it. */
  readonly smbLiveMigrationBytesPerSecond?: number | null;
}

export interface SettingsProblem {
  readonly field: keyof MigrationSettingsChange;
  readonly message: string;
}

/** Simultaneous migrations beyond this are refused: Hyper-V accepts a UInt32, but more only slows every move down. */
export const maxSimultaneous = 64;

function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIpv6(s: string): boolean {
  if (!/^[0-9A-Fa-f:]+$/.test(s) || s.split('::').length > 2) return false;
  const groups = s.split(':').filter((g) => g !== '');
  return groups.length <= 8 && groups.every((g) => g.length <= 4) && (s.includes('::') || groups.length === 8);
}

/** A single address or a CIDR network, IPv4 or IPv6 (Add-VMMigrationNetwork -Subnet). No wildcards. */
export function isValidSubnet(subnet: string): boolean {
  const [addr, prefix, extra] = subnet.trim().split('/');
  if (extra !== undefined || addr === undefined) return false;
  const v4 = isIpv4(addr);
  const v6 = !v4 && isIpv6(addr);
  if (!v4 && !v6) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (v4 ? 32 : 128);
}

/** Checks a change before anything is sent to the host; an empty list means it may be sent. */
export function validateSettingsChange(
  change: MigrationSettingsChange,
  current?: HostMigrationSettings,
): SettingsProblem[] {
  const out: SettingsProblem[] = [];
  const limit = (
    field: 'maximumVirtualMachineMigrations' | 'maximumStorageMigrations',
    v: number | undefined,
  ): void => {
    if (v === undefined) return;
    if (!Number.isInteger(v) || v < 1 || v > maxSimultaneous)
      out.push({ field, message: `Enter a whole number from 1 to ${maxSimultaneous}.` });
  };
  limit('maximumVirtualMachineMigrations', change.maximumVirtualMachineMigrations);
  limit('maximumStorageMigrations', change.maximumStorageMigrations);
  if (change.authenticationType !== undefined && !authenticationTypes.includes(change.authenticationType)) {
    out.push({ field: 'authenticationType', message: 'Authentication is CredSSP or Kerberos.' });
  }
  if (change.performanceOption !== undefined && !performanceOptions.includes(change.performanceOption)) {
    out.push({ field: 'performanceOption', message: 'Performance option is TCPIP, Compression or SMB.' });
  }
  const existing = new Set((current?.networks ?? []).map((n) => nameKey(n.subnet)));
  const removing = new Set((change.removeNetworks ?? []).map(nameKey));
  const adding = new Set<string>();
  for (const n of change.addNetworks ?? []) {
    if (!isValidSubnet(n.subnet))
      out.push({ field: 'addNetworks', message: `${n.subnet} is not an address or a network such as 10.0.1.0/24.` });
    else if (adding.has(nameKey(n.subnet)) || (existing.has(nameKey(n.subnet)) && !removing.has(nameKey(n.subnet)))) {
      out.push({ field: 'addNetworks', message: `${n.subnet} is already a migration network.` });
    }
    adding.add(nameKey(n.subnet));
    if (n.priority !== undefined && (!Number.isInteger(n.priority) || n.priority < 0 || n.priority > 0xffffffff)) {
      out.push({ field: 'addNetworks', message: `Priority of ${n.subnet} must be a whole number of 0 or more.` });
    }
  }
  for (const s of change.removeNetworks ?? []) {
    if (!isValidSubnet(s)) out.push({ field: 'removeNetworks', message: `${s} is not an address or a network.` });
    else if (current && !existing.has(nameKey(s)))
      out.push({ field: 'removeNetworks', message: `${s} is not a migration network of ${current.host}.` });
  }
  out.push(...smbLimitProblems(change, current));
  const useAny = change.useAnyNetworkForMigration ?? current?.useAnyNetworkForMigration;
  const after = (current?.networks.length ?? 0) - removing.size + adding.size;
  if (useAny === false && current && after <= 0 && (change.migrationEnabled ?? current.migrationEnabled)) {
    out.push({
      field: 'useAnyNetworkForMigration',
      message: 'With no migration network listed, live migration needs "use any network".',
    });
  }
  return out;
}

/** A change of the SMB limit: a valid rate, on a host that can take one, with the performance option SMB. */
function smbLimitProblems(change: MigrationSettingsChange, current?: HostMigrationSettings): SettingsProblem[] {
  const value = change.smbLiveMigrationBytesPerSecond;
  if (value === undefined) return [];
  const field = 'smbLiveMigrationBytesPerSecond';
  const limit = current?.smbLiveMigrationLimit;
  if (limit?.state === 'unavailable')
    return [
      {
        field,
        message: `${current?.host ?? 'The host'} cannot take an SMB bandwidth limit (${limit.reason}). ${smbFeatureHint}.`,
      },
    ];
  const option = change.performanceOption ?? current?.performanceOption;
  if (option !== undefined && option.toLowerCase() !== 'smb')
    return [
      {
        field,
        message:
          'The SMB bandwidth limit caps live migration only with the performance option SMB: choose SMB, or leave the limit as it is.',
      },
    ];
  const reason = value === null ? undefined : rateProblem(value);
  return reason ? [{ field, message: reason }] : [];
}

/** Cluster nodes take their live-migration limit from the cluster where it has one; a host value would be overridden. */
export function settingsNotes(current: HostMigrationSettings): string[] {
  const notes: string[] = [];
  if (current.clusterMaximumParallelMigrations !== undefined) {
    notes.push(
      `This node's simultaneous live migrations follow the cluster's MaximumParallelMigrations (${current.clusterMaximumParallelMigrations}).`,
    );
  } else if (current.cluster !== undefined) {
    notes.push(
      `Cluster ${current.cluster} sets no limit of its own (no MaximumParallelMigrations before the September 2022 update of Windows Server 2022): this node's own limit applies.`,
    );
  }
  if (current.performanceOption === 'SMB')
    notes.push('SMB brings SMB Multichannel and SMB Direct (RDMA) when the network supports them.');
  if (current.authenticationType === 'CredSSP') {
    notes.push(
      'CredSSP: moves must be started from a session on the source host that holds your reusable credentials (the host can use them as you).',
    );
  }
  if (current.authenticationType === 'Kerberos') {
    notes.push(
      'Kerberos: each source computer account needs constrained delegation of cifs and Microsoft Virtual System Migration Service to each destination.',
    );
  }
  return notes;
}
