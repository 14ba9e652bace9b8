import {
  authenticationTypes,
  maxSimultaneous,
  validateSettingsChange,
  type AuthenticationType,
  type HostMigrationSettings,
  type MigrationNetwork,
  type MigrationSettingsChange,
  type PerformanceOption,
  type SettingsProblem,
} from '../hostSettings';
import { nameKey, sameName } from '../../names';
import { parseRate, type SmbLiveMigrationLimit } from '../smbBandwidth';

/**
 * The editing state of a host's migration settings: what the host reported plus what the user changed so far.
 * Pure and immutable; the editor (src/ui/migration/hostSettingsEditor.ts) only renders rows and calls these.
 * A pending value is kept only while it differs from the host's, so undoing an edit leaves no change behind.
 */
export interface SettingsDraft extends Omit<MigrationSettingsChange, 'addNetworks' | 'removeNetworks'> {
  readonly current: HostMigrationSettings;
  readonly addNetworks: readonly MigrationNetwork[];
  readonly removeNetworks: readonly string[];
}

export type LimitField = 'maximumVirtualMachineMigrations' | 'maximumStorageMigrations';

/** An edit that may be refused: the reason is shown in place and the draft stays as it was. */
export type DraftEdit =
  { readonly ok: true; readonly draft: SettingsDraft } | { readonly ok: false; readonly reason: string };

export function startDraft(current: HostMigrationSettings): SettingsDraft {
  return { current, addNetworks: [], removeNetworks: [] };
}

/** The values the host would have after the change. */
export function draftValues(d: SettingsDraft): HostMigrationSettings {
  const c = d.current;
  const removed = new Set(d.removeNetworks.map(nameKey));
  return {
    ...c,
    migrationEnabled: d.migrationEnabled ?? c.migrationEnabled,
    maximumVirtualMachineMigrations: d.maximumVirtualMachineMigrations ?? c.maximumVirtualMachineMigrations,
    maximumStorageMigrations: d.maximumStorageMigrations ?? c.maximumStorageMigrations,
    authenticationType: d.authenticationType ?? c.authenticationType,
    performanceOption: d.performanceOption ?? c.performanceOption,
    useAnyNetworkForMigration: d.useAnyNetworkForMigration ?? c.useAnyNetworkForMigration,
    networks: [...c.networks.filter((n) => !removed.has(nameKey(n.subnet))), ...d.addNetworks],
    smbLiveMigrationLimit: draftSmbLimit(d),
  };
}

/** The SMB limit after the change: the host's unless the draft sets (a rate) or removes (null) it. */
function draftSmbLimit(d: SettingsDraft): SmbLiveMigrationLimit | undefined {
  const v = d.smbLiveMigrationBytesPerSecond;
  if (v === undefined) return d.current.smbLiveMigrationLimit;
  return v === null ? { state: 'none' } : { state: 'limit', bytesPerSecond: v };
}

/** A pending SMB limit is kept only while it differs from the host's. */
function withSmbLimit(d: SettingsDraft, value: number | null): SettingsDraft {
  const host = d.current.smbLiveMigrationLimit;
  const same = value === null ? host?.state === 'none' : host?.state === 'limit' && host.bytesPerSecond === value;
  return { ...d, smbLiveMigrationBytesPerSecond: same ? undefined : value };
}

/** Why a typed SMB limit is refused (undefined: it is fine): a rate such as 500 MB/s or 4 Gbit/s, 1 MB/s at least. */
export function smbLimitProblem(text: string): string | undefined {
  const r = parseRate(text);
  return r.ok ? undefined : r.reason;
}

export function setSmbLimit(d: SettingsDraft, text: string): DraftEdit {
  const r = parseRate(text);
  return r.ok ? { ok: true, draft: withSmbLimit(d, r.bytesPerSecond) } : { ok: false, reason: r.reason };
}

export function removeSmbLimit(d: SettingsDraft): SettingsDraft {
  return withSmbLimit(d, null);
}

function withBoolean(
  d: SettingsDraft,
  field: 'migrationEnabled' | 'useAnyNetworkForMigration',
  value: boolean,
): SettingsDraft {
  return { ...d, [field]: value === d.current[field] ? undefined : value };
}

export function toggleMigration(d: SettingsDraft): SettingsDraft {
  return withBoolean(d, 'migrationEnabled', !draftValues(d).migrationEnabled);
}

export function toggleUseAnyNetwork(d: SettingsDraft): SettingsDraft {
  return withBoolean(d, 'useAnyNetworkForMigration', !draftValues(d).useAnyNetworkForMigration);
}

export function setAuthentication(d: SettingsDraft, value: AuthenticationType): SettingsDraft {
  return { ...d, authenticationType: sameName(value, d.current.authenticationType) ? undefined : value };
}

/** CredSSP ↔ Kerberos (the only two). */
export function toggleAuthentication(d: SettingsDraft): SettingsDraft {
  const now = draftValues(d).authenticationType;
  return setAuthentication(d, authenticationTypes.find((a) => !sameName(a, now)) ?? 'Kerberos');
}

/** Leaving SMB drops a pending SMB limit change: the limit would not apply, and its row is read-only then. */
export function setPerformanceOption(d: SettingsDraft, value: PerformanceOption): SettingsDraft {
  const performanceOption = sameName(value, d.current.performanceOption) ? undefined : value;
  const smb = value === 'SMB' ? d.smbLiveMigrationBytesPerSecond : undefined;
  return { ...d, performanceOption, smbLiveMigrationBytesPerSecond: smb };
}

/** Why a typed limit is refused (undefined: it is fine), from the same validation as the whole change. */
export function limitProblem(field: LimitField, text: string): string | undefined {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  return validateSettingsChange({ [field]: n }).find((p) => p.field === field)?.message;
}

export function setLimit(d: SettingsDraft, field: LimitField, text: string): DraftEdit {
  const reason = limitProblem(field, text);
  if (reason) return { ok: false, reason };
  const n = Number(text);
  return { ok: true, draft: { ...d, [field]: n === d.current[field] ? undefined : n } };
}

/** Why a typed subnet cannot be added: not an address or network, or already one of the (pending) networks. */
export function subnetProblem(d: SettingsDraft, text: string): string | undefined {
  const subnet = text.trim();
  if (!subnet) return 'Enter an address or a network such as 10.0.1.0/24.';
  const problems = validateSettingsChange(
    { addNetworks: [...d.addNetworks, { subnet }], removeNetworks: d.removeNetworks },
    d.current,
  );
  return problems.find((p) => p.field === 'addNetworks')?.message;
}

/** Priority is optional (empty); otherwise a whole number of 0 or more. Asked after `subnet` was accepted. */
export function priorityProblem(subnet: string, text: string): string | undefined {
  if (text.trim() === '') return undefined;
  const priority = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  return validateSettingsChange({ addNetworks: [{ subnet: subnet.trim(), priority }] }).find(
    (p) => p.field === 'addNetworks',
  )?.message;
}

export function addNetwork(d: SettingsDraft, subnetText: string, priorityText = ''): DraftEdit {
  const subnet = subnetText.trim();
  const reason = subnetProblem(d, subnet) ?? priorityProblem(subnet, priorityText);
  if (reason) return { ok: false, reason };
  const priority = priorityText.trim() === '' ? undefined : Number(priorityText);
  // Adding back a network that is pending removal, as it was: simply keep it.
  const existing = d.current.networks.find((n) => sameName(n.subnet, subnet));
  if (existing && (priority === undefined || priority === existing.priority))
    return { ok: true, draft: keepNetwork(d, existing.subnet) };
  return {
    ok: true,
    draft: { ...d, addNetworks: [...d.addNetworks, priority === undefined ? { subnet } : { subnet, priority }] },
  };
}

/** A network added in this draft just goes away again; one of the host's is marked for removal. */
export function removeNetwork(d: SettingsDraft, subnet: string): SettingsDraft {
  if (d.addNetworks.some((n) => sameName(n.subnet, subnet)))
    return { ...d, addNetworks: d.addNetworks.filter((n) => !sameName(n.subnet, subnet)) };
  const existing = d.current.networks.find((n) => sameName(n.subnet, subnet));
  if (!existing || d.removeNetworks.some((s) => sameName(s, subnet))) return d;
  return { ...d, removeNetworks: [...d.removeNetworks, existing.subnet] };
}

/** Undoes the removal of one of the host's networks. */
export function keepNetwork(d: SettingsDraft, subnet: string): SettingsDraft {
  return { ...d, removeNetworks: d.removeNetworks.filter((s) => !sameName(s, subnet)) };
}

/** The change to send: only what differs from the host. */
export function draftChange(d: SettingsDraft): MigrationSettingsChange {
  const c: { -readonly [K in keyof MigrationSettingsChange]: MigrationSettingsChange[K] } = {};
  if (d.migrationEnabled !== undefined) c.migrationEnabled = d.migrationEnabled;
  if (d.maximumVirtualMachineMigrations !== undefined)
    c.maximumVirtualMachineMigrations = d.maximumVirtualMachineMigrations;
  if (d.maximumStorageMigrations !== undefined) c.maximumStorageMigrations = d.maximumStorageMigrations;
  if (d.authenticationType !== undefined) c.authenticationType = d.authenticationType;
  if (d.performanceOption !== undefined) c.performanceOption = d.performanceOption;
  if (d.useAnyNetworkForMigration !== undefined) c.useAnyNetworkForMigration = d.useAnyNetworkForMigration;
  if (d.removeNetworks.length) c.removeNetworks = [...d.removeNetworks];
  if (d.addNetworks.length) c.addNetworks = [...d.addNetworks];
  if (d.smbLiveMigrationBytesPerSecond !== undefined)
    c.smbLiveMigrationBytesPerSecond = d.smbLiveMigrationBytesPerSecond;
  return c;
}

export function hasChanges(d: SettingsDraft): boolean {
  return Object.keys(draftChange(d)).length > 0;
}

/** What stops the change from being sent, checked against the host's values. */
export function draftProblems(d: SettingsDraft): SettingsProblem[] {
  return validateSettingsChange(draftChange(d), d.current);
}

/** Bounds shown in the limit prompt. */
export const limitRange = { min: 1, max: maxSimultaneous } as const;
