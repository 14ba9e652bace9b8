import {
  authenticationTypes,
  type AuthenticationType,
  type HostMigrationSettings,
  type MigrationNetwork,
  type MigrationSettingsChange,
  type PerformanceOption,
} from '../hostSettings';
import { describeSmbLimit, formatRate } from '../smbBandwidth';

/** A host's migration settings and changes to them, in words for the editor and its messages. */

export type SettingField =
  | 'migrationEnabled'
  | 'maximumVirtualMachineMigrations'
  | 'maximumStorageMigrations'
  | 'authenticationType'
  | 'performanceOption'
  | 'useAnyNetworkForMigration'
  | 'smbLiveMigrationLimit';

/** Stable labels: the editor's items carry exactly these (end-to-end tests find items by them). */
export const settingLabels: Readonly<Record<SettingField, string>> = {
  migrationEnabled: 'Live migration',
  maximumVirtualMachineMigrations: 'Simultaneous live migrations',
  maximumStorageMigrations: 'Simultaneous storage migrations',
  authenticationType: 'Authentication',
  performanceOption: 'Performance option',
  useAnyNetworkForMigration: 'Use any network',
  smbLiveMigrationLimit: 'SMB bandwidth limit for live migration',
};

/** What each live migration authentication asks of the user, shown on the Authentication row. */
export const authenticationDescriptions: Readonly<Record<AuthenticationType, string>> = {
  CredSSP:
    'Moves must start in a session that hands the source host your reusable credentials: whoever controls that host can sign in as you elsewhere while they are held.',
  Kerberos: 'Constrained delegation from each source to each destination; no host receives your password.',
};

/** The description of the authentication a host reports (its value is host data: matched, never used as a key). */
export function authenticationDescription(reported: string): string | undefined {
  const known = authenticationTypes.find((a) => a.toLowerCase() === reported.toLowerCase());
  return known === undefined ? undefined : authenticationDescriptions[known];
}

export const performanceDescriptions: Readonly<Record<PerformanceOption, string>> = {
  TCPIP: 'memory copied over a plain TCP/IP connection',
  Compression: 'memory compressed first: less traffic for some processor time',
  SMB: 'memory copied over SMB 3.0 (Multichannel, SMB Direct/RDMA where the network has it)',
};

export function onOff(v: boolean): string {
  return v ? 'On' : 'Off';
}

export function yesNo(v: boolean): string {
  return v ? 'yes' : 'no';
}

export function describeNetwork(n: MigrationNetwork): string {
  return n.priority === undefined ? n.subnet : `${n.subnet} (priority ${n.priority})`;
}

/** One line per changed setting, "was → will be". */
export function describeChange(change: MigrationSettingsChange, current: HostMigrationSettings): string[] {
  const out: string[] = [];
  const was = <T>(label: string, from: T, to: T | undefined, show: (v: T) => string): void => {
    if (to !== undefined) out.push(`${label}: ${show(from)} → ${show(to)}`);
  };
  was(settingLabels.migrationEnabled, current.migrationEnabled, change.migrationEnabled, onOff);
  was(
    settingLabels.maximumVirtualMachineMigrations,
    current.maximumVirtualMachineMigrations,
    change.maximumVirtualMachineMigrations,
    String,
  );
  was(
    settingLabels.maximumStorageMigrations,
    current.maximumStorageMigrations,
    change.maximumStorageMigrations,
    String,
  );
  was<string>(settingLabels.authenticationType, current.authenticationType, change.authenticationType, String);
  was<string>(settingLabels.performanceOption, current.performanceOption, change.performanceOption, String);
  was(
    settingLabels.useAnyNetworkForMigration,
    current.useAnyNetworkForMigration,
    change.useAnyNetworkForMigration,
    yesNo,
  );
  const smb = change.smbLiveMigrationBytesPerSecond;
  if (smb !== undefined) {
    const from = current.smbLiveMigrationLimit ? describeSmbLimit(current.smbLiveMigrationLimit) : 'unknown';
    out.push(`${settingLabels.smbLiveMigrationLimit}: ${from} → ${smb === null ? 'none' : formatRate(smb)}`);
  }
  for (const s of change.removeNetworks ?? []) out.push(`Remove migration network ${s}`);
  for (const n of change.addNetworks ?? []) out.push(`Add migration network ${describeNetwork(n)}`);
  return out;
}

/** The settings as one sentence, e.g. for "Migration settings of HV-A saved: …". */
export function describeSettings(s: HostMigrationSettings): string {
  const networks = s.useAnyNetworkForMigration
    ? 'any network'
    : s.networks.length
      ? `networks ${s.networks.map(describeNetwork).join(', ')}`
      : 'no migration network';
  return [
    `live migration ${onOff(s.migrationEnabled).toLowerCase()}`,
    `${s.maximumVirtualMachineMigrations} live and ${s.maximumStorageMigrations} storage migrations at once`,
    ...(s.cluster === undefined ? [] : [describeClusterLimit(s)]),
    s.authenticationType,
    s.performanceOption,
    ...(s.performanceOption.toLowerCase() === 'smb' && s.smbLiveMigrationLimit
      ? [`SMB bandwidth limit for live migration ${describeSmbLimit(s.smbLiveMigrationLimit)}`]
      : []),
    networks,
  ].join(', ');
}

/** A cluster node's cluster limit in words; a cluster without MaximumParallelMigrations sets none (never "0"). */
export function describeClusterLimit(s: HostMigrationSettings): string {
  return s.clusterMaximumParallelMigrations === undefined
    ? `no cluster limit (cluster ${s.cluster ?? ''} has no MaximumParallelMigrations)`
    : `cluster limit ${s.clusterMaximumParallelMigrations} per node`;
}
