import { createHmac } from 'node:crypto';
import type { Credential, HostConnection } from '../contract/hostRunner';

/** Plain values for `New-PSSession @splat`; the dispatcher adds only -Credential (a PSCredential) and -SessionOption. */
export type SessionParameters = Readonly<Record<string, string | number | boolean | Readonly<Record<string, string>>>>;

export interface SessionTimeouts {
  /** ssh ConnectTimeout: how long the TCP connect may take, so a dead host fails fast. */
  readonly connectTimeoutMs: number;
  /** Whole session opening (ssh -ConnectingTimeout, WinRM OpenTimeout), including the remote process start. */
  readonly openTimeoutMs: number;
}

export function sessionParameters(connection: HostConnection, timeouts: SessionTimeouts): SessionParameters {
  const address = connection.address ?? connection.name;
  switch (connection.transport) {
    case 'ssh': {
      const params: Record<string, SessionParameters[string]> = {
        HostName: address,
        // BatchMode: never prompt (there is nobody to answer); ConnectTimeout: refuse to hang on a dead host.
        Options: {
          ...connection.sshOptions,
          BatchMode: 'yes',
          ConnectTimeout: String(Math.max(1, Math.ceil(timeouts.connectTimeoutMs / 1000))),
        },
        ConnectingTimeout: Math.max(1, Math.round(timeouts.openTimeoutMs)),
      };
      if (connection.userName) params.UserName = connection.userName;
      if (connection.keyFilePath) params.KeyFilePath = connection.keyFilePath;
      if (connection.port !== undefined) params.Port = connection.port;
      return params;
    }
    case 'wsman': {
      const params: Record<string, SessionParameters[string]> = {
        ComputerName: address,
        Authentication: connection.authentication ?? 'Default',
      };
      if (connection.useSSL) params.UseSSL = true;
      if (connection.port !== undefined) params.Port = connection.port;
      return params;
    }
    case 'local':
      return {};
  }
}

/**
 * Which cached session a host uses: everything that shapes the connection, including who connects. An HMAC under a
 * key that lives only in this engine (`keySecret`): the key appears in request lines, which PowerShell may log, and a
 * plain hash of a password would let anyone holding the log try passwords offline.
 */
export function sessionKey(connection: HostConnection, credential: Credential | undefined, keySecret: Buffer): string {
  const parts = [
    connection.transport,
    connection.name,
    connection.address ?? '',
    String(connection.port ?? ''),
    connection.userName ?? '',
    connection.keyFilePath ?? '',
    connection.authentication ?? '',
    String(connection.useSSL ?? false),
    JSON.stringify(connection.sshOptions ?? {}),
    credential?.userName ?? '',
    credential?.password ?? '',
  ];
  return createHmac('sha256', keySecret).update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
