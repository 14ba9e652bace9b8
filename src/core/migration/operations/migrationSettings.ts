import getText from '../../../scripts/host-migration-get-settings.ps1';
import setText from '../../../scripts/host-migration-set-settings.ps1';
import { asObject, bool, list, num, optNum, optStr, ShapeError, str, type JsonObject } from '../../json/read';
import { hostScript, type HostOperation, type ParameterValue } from '../../../contract/hostOperation';
import type { HostMigrationSettings, MigrationSettingsChange } from '../hostSettings';
import type { SmbLiveMigrationLimit } from '../smbBandwidth';

const getScript = hostScript('host-migration-get-settings.ps1', getText);
const setScript = hostScript('host-migration-set-settings.ps1', setText);

export function parseMigrationSettings(value: unknown): HostMigrationSettings {
  const o = asObject(value, 'settings');
  const p = 'settings';
  return {
    host: str(o, 'host', p),
    migrationEnabled: bool(o, 'migrationEnabled', p),
    maximumVirtualMachineMigrations: num(o, 'maximumVirtualMachineMigrations', p),
    maximumStorageMigrations: num(o, 'maximumStorageMigrations', p),
    authenticationType: str(o, 'authenticationType', p),
    performanceOption: str(o, 'performanceOption', p),
    useAnyNetworkForMigration: bool(o, 'useAnyNetworkForMigration', p),
    networks: list(o, 'networks', p, (n, np) => ({
      subnet: str(n, 'subnet', np),
      priority: optNum(n, 'priority', np),
    })),
    cluster: optStr(o, 'cluster', p),
    clusterMaximumParallelMigrations: optNum(o, 'clusterMaximumParallelMigrations', p),
    smbLiveMigrationLimit: parseSmbLimit(o, p),
  };
}

/** `{ state: 'none' | 'limit' | 'unavailable', bytesPerSecond?, reason? }`; absent or null: not reported. */
function parseSmbLimit(o: JsonObject, path: string): SmbLiveMigrationLimit | undefined {
  if (o.smbLiveMigrationLimit === undefined || o.smbLiveMigrationLimit === null) return undefined;
  const p = `${path}.smbLiveMigrationLimit`;
  const s = asObject(o.smbLiveMigrationLimit, p);
  const state = str(s, 'state', p);
  if (state === 'none') return { state };
  if (state === 'limit') return { state, bytesPerSecond: num(s, 'bytesPerSecond', p) };
  if (state === 'unavailable') return { state, reason: str(s, 'reason', p) };
  throw new ShapeError(`${p}.state`, "'none', 'limit' or 'unavailable'", state);
}

export function getMigrationSettings(): HostOperation<HostMigrationSettings> {
  return { script: getScript, parameters: {}, idempotent: true, parse: parseMigrationSettings };
}

/** Applies a validated change; answers with the settings after it. */
export function setMigrationSettings(change: MigrationSettingsChange): HostOperation<HostMigrationSettings> {
  const p: Record<string, ParameterValue> = {};
  if (change.migrationEnabled !== undefined) p.MigrationEnabled = change.migrationEnabled;
  if (change.maximumVirtualMachineMigrations !== undefined)
    p.MaximumVirtualMachineMigrations = change.maximumVirtualMachineMigrations;
  if (change.maximumStorageMigrations !== undefined) p.MaximumStorageMigrations = change.maximumStorageMigrations;
  if (change.authenticationType !== undefined) p.AuthenticationType = change.authenticationType;
  if (change.performanceOption !== undefined) p.PerformanceOption = change.performanceOption;
  if (change.useAnyNetworkForMigration !== undefined) p.UseAnyNetworkForMigration = change.useAnyNetworkForMigration;
  if (change.addNetworks?.length)
    p.AddNetworks = change.addNetworks.map((n): ParameterValue =>
      n.priority === undefined ? { subnet: n.subnet } : { subnet: n.subnet, priority: n.priority },
    );
  if (change.removeNetworks?.length) p.RemoveNetworks = [...change.removeNetworks];
  if (change.smbLiveMigrationBytesPerSecond === null) p.RemoveSmbLiveMigrationLimit = true;
  else if (change.smbLiveMigrationBytesPerSecond !== undefined)
    p.SmbLiveMigrationBytesPerSecond = change.smbLiveMigrationBytesPerSecond;
  // Not idempotent: migration networks are added and removed, and a second add of the same subnet fails.
  return { script: setScript, parameters: p, idempotent: false, parse: parseMigrationSettings };
}
