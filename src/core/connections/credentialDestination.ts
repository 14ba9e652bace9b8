import type { ConnectionEntry } from './connectionEntry';
import { nameKey } from '../names';

/**
 * Where a saved password goes. A password is stored for exactly one destination (transport, address, port, user,
 * and whether the host receives reusable credentials) and is never sent anywhere else: change any of them and the
 * password is asked for again. The entry's name is only a label and takes no part in it.
 */
export interface CredentialDestination {
  readonly transport: ConnectionEntry['transport'];
  /** Lower case, no trailing dot: DNS names compare case-insensitively. */
  readonly address: string;
  readonly port: number;
  /** Lower case: Windows account names compare case-insensitively. */
  readonly userName: string;
  /** WinRM over HTTPS: a password given for TLS is not sent in a plain HTTP session. */
  readonly useSSL: boolean;
  /** CredSSP hands the host credentials it can reuse; a password given without that is not delegated later. */
  readonly delegated: boolean;
}

export function credentialDestination(entry: ConnectionEntry): CredentialDestination {
  const useSSL = entry.transport === 'wsman' && entry.useSSL === true;
  const defaultPort = entry.transport === 'ssh' ? 22 : useSSL ? 5986 : 5985;
  return {
    transport: entry.transport,
    address: (entry.address ?? entry.name).trim().replace(/\.$/, '').toLowerCase(),
    port: entry.port ?? defaultPort,
    userName: (entry.userName ?? '').trim().toLowerCase(),
    useSSL,
    delegated: entry.transport === 'wsman' && entry.authentication === 'CredSSP',
  };
}

/** The secret storage key of an entry's password: a function of its destination only. */
export function credentialKey(entry: ConnectionEntry): string {
  const d = credentialDestination(entry);
  return `hypervMobility.credential/${JSON.stringify([d.transport, d.address, d.port, d.userName, d.useSSL, d.delegated])}`;
}

/** The key earlier versions used (the entry's name only); such a password is never used, only deleted. */
export function legacyPasswordKey(entry: ConnectionEntry): string {
  return `hypervMobility.password/${nameKey(entry.name)}`;
}

export function sameDestination(a: ConnectionEntry, b: ConnectionEntry): boolean {
  return credentialKey(a) === credentialKey(b);
}

/** "CONTOSO\admin at hv01.contoso.com:5986 (WinRM over HTTPS, CredSSP …)", for the password prompt. */
export function describeDestination(entry: ConnectionEntry): string {
  const d = credentialDestination(entry);
  const how = d.transport === 'ssh' ? 'SSH' : d.useSSL ? 'WinRM over HTTPS' : 'WinRM';
  const user = entry.userName?.trim() ?? '';
  const delegated = d.delegated ? ', CredSSP: the host receives your reusable credentials' : '';
  return `${user} at ${entry.address ?? entry.name}:${d.port} (${how}${delegated})`;
}
