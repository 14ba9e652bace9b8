import type { HostConnection, Transport, WsmanAuthentication } from '../../contract/hostRunner';

/** One entry of the `hypervMobility.hosts` setting: a standalone host or a cluster to reach. */
export interface ConnectionEntry {
  readonly name: string;
  readonly kind: 'host' | 'cluster';
  readonly transport: Exclude<Transport, 'local'>;
  /** DNS name or IP to connect to; the name when omitted. */
  readonly address?: string;
  readonly port?: number;
  readonly userName?: string;
  readonly authentication?: WsmanAuthentication;
  readonly useSSL?: boolean;
  readonly keyFilePath?: string;
}

export const authentications: readonly WsmanAuthentication[] = ['Default', 'Kerberos', 'Negotiate', 'CredSSP'];

/** What each WinRM authentication means for the user, shown where it is chosen. */
export const authenticationDescriptions: Readonly<Record<WsmanAuthentication, string>> = {
  Default: 'Negotiate, as WinRM chooses',
  Kerberos: 'your Kerberos ticket; the host gets no reusable credentials',
  Negotiate: 'Kerberos, or NTLM outside a domain; the host gets no reusable credentials',
  CredSSP:
    'the host receives your reusable credentials: whoever controls it can sign in as you elsewhere while they are held. Lets migrations started there reach the destination',
};

/** The engine's connection for an entry, or for a node found through a cluster entry (same settings, its own name). */
export function toHostConnection(entry: ConnectionEntry, nodeName?: string): HostConnection {
  return {
    name: nodeName ?? entry.name,
    transport: entry.transport,
    address: nodeName ?? entry.address,
    port: entry.port,
    userName: entry.userName,
    keyFilePath: entry.transport === 'ssh' ? entry.keyFilePath : undefined,
    authentication: entry.transport === 'wsman' ? entry.authentication : undefined,
    useSSL: entry.transport === 'wsman' ? entry.useSSL : undefined,
  };
}

/** A password is ours to ask for only where PowerShell needs an explicit PSCredential: WinRM with a user name. */
export function needsPassword(entry: ConnectionEntry): boolean {
  return entry.transport === 'wsman' && !!entry.userName;
}
