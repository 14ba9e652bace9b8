import { asObject, bool, list, optBool, optNum, optStr, str, strings, type JsonObject } from '../json/read';

/** Why a part of a host's facts could not be read, as the host said it. */
export interface FactProblem {
  readonly message: string;
  readonly errorId?: string;
}

export interface MigrationFacts {
  readonly enabled: boolean;
  readonly authenticationType: string;
  readonly performanceOption: string;
  readonly maximumVirtualMachineMigrations: number;
  readonly maximumStorageMigrations: number;
  readonly useAnyNetwork: boolean;
  readonly networks: readonly { readonly subnet: string; readonly priority?: number }[];
  /** The cluster's MaximumParallelMigrations on a cluster node (it overrides the host's own live limit). */
  readonly clusterMaximumParallelMigrations?: number;
}

export interface HyperVFacts {
  /** Version of the Hyper-V PowerShell module; undefined when it is not installed. */
  readonly module?: string;
  readonly name?: string;
  readonly fqdn?: string;
  /** Get-VMHost and friends failed (e.g. the role or its service is missing). */
  readonly problem?: FactProblem;
  readonly migration?: MigrationFacts;
  readonly supportedVersions: readonly string[];
  readonly defaultVersion?: string;
  readonly vmVersions: readonly { readonly version: string; readonly count: number }[];
  readonly cluster?: string;
}

export interface DirectoryFacts {
  /** How the host tried to read its computer account: the ActiveDirectory module, or ADSI without it. */
  readonly source?: 'ActiveDirectory' | 'ADSI';
  readonly read: boolean;
  readonly problem?: FactProblem;
  readonly account?: string;
  readonly trustedToAuthForDelegation?: boolean;
  readonly trustedForDelegation?: boolean;
  readonly allowedToDelegateTo: readonly string[];
}

export interface FirewallRuleFacts {
  readonly name: string;
  readonly present: boolean;
  readonly enabled: boolean;
  readonly displayName?: string;
}

export interface FirewallFacts {
  readonly read: boolean;
  readonly problem?: FactProblem;
  readonly rules: readonly FirewallRuleFacts[];
}

export interface SessionFacts {
  readonly psVersion: string;
  readonly psEdition: string;
  /** How this session authenticated as the host saw it (WinRM: Kerberos, Negotiate, CredSSP…; empty over SSH). */
  readonly authenticationType?: string;
  readonly user?: string;
}

/** What host-readiness.ps1 reports about one host. */
export interface HostReadinessFacts {
  readonly session: SessionFacts;
  readonly hyperV: HyperVFacts;
  readonly directory: DirectoryFacts;
  readonly firewall: FirewallFacts;
}

function problem(o: JsonObject, key: string, path: string): FactProblem | undefined {
  const v = o[key];
  if (v === null || v === undefined) return undefined;
  const p = asObject(v, `${path}.${key}`);
  return { message: str(p, 'message', `${path}.${key}`), errorId: optStr(p, 'errorId', `${path}.${key}`) };
}

function migration(o: JsonObject, path: string): MigrationFacts | undefined {
  if (o.migration === null || o.migration === undefined) return undefined;
  const m = asObject(o.migration, `${path}.migration`);
  const p = `${path}.migration`;
  return {
    enabled: bool(m, 'enabled', p),
    authenticationType: str(m, 'authenticationType', p),
    performanceOption: str(m, 'performanceOption', p),
    maximumVirtualMachineMigrations: optNum(m, 'maximumVirtualMachineMigrations', p) ?? 0,
    maximumStorageMigrations: optNum(m, 'maximumStorageMigrations', p) ?? 0,
    useAnyNetwork: bool(m, 'useAnyNetwork', p),
    networks: list(m, 'networks', p, (n, np) => ({
      subnet: str(n, 'subnet', np),
      priority: optNum(n, 'priority', np),
    })),
    clusterMaximumParallelMigrations: optNum(m, 'clusterMaximumParallelMigrations', p),
  };
}

export function parseReadinessFacts(value: unknown): HostReadinessFacts {
  const o = asObject(value, 'readiness');
  const s = asObject(o.session, 'readiness.session');
  const h = asObject(o.hyperV, 'readiness.hyperV');
  const d = asObject(o.directory, 'readiness.directory');
  const f = asObject(o.firewall, 'readiness.firewall');
  const source = optStr(d, 'source', 'readiness.directory');
  return {
    session: {
      psVersion: str(s, 'psVersion', 'readiness.session'),
      psEdition: optStr(s, 'psEdition', 'readiness.session') ?? '',
      authenticationType: optStr(s, 'authenticationType', 'readiness.session'),
      user: optStr(s, 'user', 'readiness.session'),
    },
    hyperV: {
      module: optStr(h, 'module', 'readiness.hyperV'),
      name: optStr(h, 'name', 'readiness.hyperV'),
      fqdn: optStr(h, 'fqdn', 'readiness.hyperV'),
      problem: problem(h, 'problem', 'readiness.hyperV'),
      migration: migration(h, 'readiness.hyperV'),
      supportedVersions: strings(h, 'supportedVersions', 'readiness.hyperV'),
      defaultVersion: optStr(h, 'defaultVersion', 'readiness.hyperV'),
      vmVersions: list(h, 'vmVersions', 'readiness.hyperV', (v, p) => ({
        version: str(v, 'version', p),
        count: optNum(v, 'count', p) ?? 0,
      })),
      cluster: optStr(h, 'cluster', 'readiness.hyperV'),
    },
    directory: {
      source: source === 'ActiveDirectory' || source === 'ADSI' ? source : undefined,
      read: bool(d, 'read', 'readiness.directory'),
      problem: problem(d, 'problem', 'readiness.directory'),
      account: optStr(d, 'account', 'readiness.directory'),
      trustedToAuthForDelegation: optBool(d, 'trustedToAuthForDelegation', 'readiness.directory'),
      trustedForDelegation: optBool(d, 'trustedForDelegation', 'readiness.directory'),
      allowedToDelegateTo: strings(d, 'allowedToDelegateTo', 'readiness.directory'),
    },
    firewall: {
      read: bool(f, 'read', 'readiness.firewall'),
      problem: problem(f, 'problem', 'readiness.firewall'),
      rules: list(f, 'rules', 'readiness.firewall', (r, p) => ({
        name: str(r, 'name', p),
        present: bool(r, 'present', p),
        enabled: bool(r, 'enabled', p),
        displayName: optStr(r, 'displayName', p),
      })),
    },
  };
}
