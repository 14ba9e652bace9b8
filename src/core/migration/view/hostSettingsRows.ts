import { authenticationDescription, describeChange, onOff, settingLabels, yesNo } from './describeSettings';
import { settingsNotes, type HostMigrationSettings, type MigrationNetwork } from '../hostSettings';
import { nameKey } from '../../names';
import { draftChange, draftProblems, draftValues, type LimitField, type SettingsDraft } from './hostSettingsDraft';
import { plural } from '../../format/words';
import { describeSmbLimit, smbFeatureHint } from '../smbBandwidth';

// The host settings editor's list, drawn from a draft: what each row says and what choosing it does.

/** What choosing a row does. */
export type RowAction =
  | { readonly kind: 'toggleMigration' }
  | { readonly kind: 'editLimit'; readonly field: LimitField }
  | { readonly kind: 'toggleAuthentication' }
  | { readonly kind: 'choosePerformance' }
  | { readonly kind: 'toggleUseAnyNetwork' }
  | { readonly kind: 'editSmbLimit' }
  | { readonly kind: 'removeSmbLimit' }
  /** Removes the network (host's or added), or keeps it when it is marked for removal. */
  | { readonly kind: 'network'; readonly subnet: string; readonly state: 'current' | 'added' | 'removed' }
  | { readonly kind: 'addNetwork' }
  | { readonly kind: 'apply' }
  | { readonly kind: 'copy' }
  | { readonly kind: 'discard' }
  /** Text only (notes, problems). */
  | { readonly kind: 'none' };

export interface SettingsRow {
  readonly label: string;
  readonly value?: string;
  /** The host's value, on a setting row whose value differs from it. */
  readonly was?: string;
  readonly detail?: string;
  readonly action: RowAction;
}

export interface SettingsSection {
  readonly title: string;
  readonly rows: readonly SettingsRow[];
}

/** The editor's list: settings, networks, notes, problems, actions. */
export function draftSections(d: SettingsDraft): SettingsSection[] {
  const sections: SettingsSection[] = [
    { title: 'Settings', rows: settingRows(d) },
    { title: 'Migration networks', rows: networkRows(d) },
  ];
  const notes = settingsNotes(draftValues(d));
  if (notes.length) sections.push({ title: 'Notes', rows: notes.map((n) => ({ label: n, action: { kind: 'none' } })) });
  const problems = draftProblems(d);
  if (problems.length)
    sections.push({
      title: 'Cannot apply yet',
      rows: problems.map((p) => ({ label: p.message, action: { kind: 'none' } })),
    });
  sections.push({ title: '', rows: actionRows(d) });
  return sections;
}

/** A setting's row: its value in the draft, and the host's beside it when they differ. */
function settingRow(label: string, value: string, host: string, action: RowAction, detail?: string): SettingsRow {
  return { label, value, was: value === host ? undefined : host, detail, action };
}

function clusterLimitNote(c: HostMigrationSettings): string | undefined {
  if (c.clusterMaximumParallelMigrations !== undefined)
    return `The cluster's MaximumParallelMigrations (${c.clusterMaximumParallelMigrations}) applies on this node.`;
  if (c.cluster !== undefined) return `Cluster ${c.cluster} has no MaximumParallelMigrations: this value applies.`;
  return undefined;
}

function settingRows(d: SettingsDraft): SettingsRow[] {
  const c = d.current;
  const v = draftValues(d);
  const limit = (field: LimitField, detail?: string): SettingsRow =>
    settingRow(settingLabels[field], String(v[field]), String(c[field]), { kind: 'editLimit', field }, detail);
  return [
    settingRow(
      settingLabels.migrationEnabled,
      onOff(v.migrationEnabled),
      onOff(c.migrationEnabled),
      { kind: 'toggleMigration' },
      'Incoming and outgoing live migration; storage migration is always on.',
    ),
    limit('maximumVirtualMachineMigrations', clusterLimitNote(c)),
    limit('maximumStorageMigrations'),
    settingRow(
      settingLabels.authenticationType,
      v.authenticationType,
      c.authenticationType,
      { kind: 'toggleAuthentication' },
      authenticationDescription(v.authenticationType),
    ),
    settingRow(settingLabels.performanceOption, v.performanceOption, c.performanceOption, {
      kind: 'choosePerformance',
    }),
    ...smbLimitRows(d),
    settingRow(
      settingLabels.useAnyNetworkForMigration,
      yesNo(v.useAnyNetworkForMigration),
      yesNo(c.useAnyNetworkForMigration),
      { kind: 'toggleUseAnyNetwork' },
      'When no, only the migration networks below carry live migrations.',
    ),
  ];
}

/**
 * The SMB bandwidth limit of live migration: editable with the performance option SMB; with another option it stays
 * in sight, read-only with the reason (a limit left on the host takes effect again as soon as SMB is chosen); without
 * the FS-SMBBW feature, the host's reason. Nothing when the host did not report it.
 */
function smbLimitRows(d: SettingsDraft): SettingsRow[] {
  const host = d.current.smbLiveMigrationLimit;
  const limit = draftValues(d).smbLiveMigrationLimit;
  if (!host || !limit) return [];
  const label = settingLabels.smbLiveMigrationLimit;
  if (limit.state === 'unavailable')
    return [{ label, value: 'unavailable', detail: `${limit.reason} ${smbFeatureHint}.`, action: { kind: 'none' } }];
  const value = describeSmbLimit(limit);
  if (draftValues(d).performanceOption.toLowerCase() !== 'smb') {
    return [
      {
        label,
        value: `${value} · applies only with performance option SMB`,
        detail:
          'Live migration over TCP/IP or with compression does not use SMB. Choose performance option SMB to change it.',
        action: { kind: 'none' },
      },
    ];
  }
  const rows = [
    settingRow(
      label,
      value,
      describeSmbLimit(host),
      { kind: 'editSmbLimit' },
      'The most live migration over SMB may send (Set-SmbBandwidthLimit -Category LiveMigration); storage traffic is not counted.',
    ),
  ];
  if (limit.state === 'limit')
    rows.push({
      label: 'Remove the SMB bandwidth limit',
      value: 'live migration over SMB unlimited',
      action: { kind: 'removeSmbLimit' },
    });
  return rows;
}

function networkRows(d: SettingsDraft): SettingsRow[] {
  const removed = new Set(d.removeNetworks.map(nameKey));
  return [
    ...d.current.networks.map((n): SettingsRow => {
      const gone = removed.has(nameKey(n.subnet));
      return {
        label: n.subnet,
        value: gone ? `${priorityText(n)}, to be removed` : priorityText(n),
        action: { kind: 'network', subnet: n.subnet, state: gone ? 'removed' : 'current' },
      };
    }),
    ...d.addNetworks.map((n): SettingsRow => ({
      label: n.subnet,
      value: `${priorityText(n)}, to be added`,
      action: { kind: 'network', subnet: n.subnet, state: 'added' },
    })),
    { label: 'Add migration network…', action: { kind: 'addNetwork' } },
  ];
}

function actionRows(d: SettingsDraft): SettingsRow[] {
  const changes = describeChange(draftChange(d), d.current);
  return [
    {
      label: 'Apply changes',
      value: changes.length ? plural(changes.length, 'change') : 'nothing changed',
      detail: changes.length ? changes.join(' · ') : undefined,
      action: { kind: 'apply' },
    },
    {
      label: 'Copy as PowerShell',
      value: changes.length ? 'the script for these changes' : 'nothing changed',
      action: { kind: 'copy' },
    },
    { label: 'Discard', value: 'close without sending anything', action: { kind: 'discard' } },
  ];
}

function priorityText(n: MigrationNetwork): string {
  return n.priority === undefined ? 'no priority' : `priority ${n.priority}`;
}
