// Readiness facts as host-readiness.ps1 reports them, for a host set up for moves; tests change what they need.
import type { HostReadinessFacts, MigrationFacts } from '../../../src/core/readiness/facts';
import type { ConnectionFacts, HostInput } from '../../../src/core/readiness/model';

const hosts = ['HV-A', 'HV-B', 'HV-C'];

export interface FactsChange {
  migration?: Partial<MigrationFacts>;
  directory?: Partial<HostReadinessFacts['directory']>;
  firewall?: Partial<HostReadinessFacts['firewall']>;
  hyperV?: Partial<HostReadinessFacts['hyperV']>;
  session?: Partial<HostReadinessFacts['session']>;
}

export function delegationTo(...destinations: string[]): string[] {
  return destinations.flatMap((d) =>
    ['Microsoft Virtual System Migration Service', 'cifs'].flatMap((s) => [`${s}/${d}`, `${s}/${d}.corp.example`]),
  );
}

export function facts(name: string, change: FactsChange = {}): HostReadinessFacts {
  return {
    session: { psVersion: '7.4.6', psEdition: 'Core', ...change.session },
    hyperV: {
      module: '2.0.0.0',
      name,
      fqdn: `${name}.corp.example`,
      migration: {
        enabled: true,
        authenticationType: 'Kerberos',
        performanceOption: 'Compression',
        maximumVirtualMachineMigrations: 2,
        maximumStorageMigrations: 2,
        useAnyNetwork: true,
        networks: [],
        ...change.migration,
      },
      supportedVersions: ['8.0', '9.0', '10.0'],
      defaultVersion: '10.0',
      vmVersions: [{ version: '10.0', count: 2 }],
      ...change.hyperV,
    },
    directory: {
      source: 'ActiveDirectory',
      read: true,
      account: `${name}$`,
      trustedToAuthForDelegation: true,
      trustedForDelegation: false,
      allowedToDelegateTo: delegationTo(...hosts.filter((h) => h !== name)),
      ...change.directory,
    },
    firewall: {
      read: true,
      rules: [
        { name: 'VIRT-MIGL-In-TCP-NoScope', present: true, enabled: true, displayName: 'Hyper-V (MIG-TCP-In)' },
        { name: 'FPS-SMB-In-TCP', present: true, enabled: true, displayName: 'File and Printer Sharing (SMB-In)' },
      ],
      ...change.firewall,
    },
  };
}

export const ssh: ConnectionFacts = { transport: 'ssh', userName: 'admin' };
export const winrmKerberos: ConnectionFacts = { transport: 'wsman', authentication: 'Kerberos' };
export const winrmCredSsp: ConnectionFacts = { transport: 'wsman', authentication: 'CredSSP' };

export function host(name: string, change: FactsChange = {}, connection: ConnectionFacts = ssh): HostInput {
  return { name, connection, answer: { ok: true, facts: facts(name, change) } };
}
