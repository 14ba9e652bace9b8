import type { HostOperation, Parameters } from '../core/operations/hostOperation';
import { sessionKey, sessionParameters, type SessionTimeouts } from './sessionParameters';
import type { HostTarget, Transport } from './types';

/** One host's part of a request, as the dispatcher reads it. */
export interface DispatcherHost {
  readonly name: string;
  readonly index: number;
  readonly sessionKey: string;
  readonly transport: Transport;
  /** New-PSSession's arguments as JSON text (read into a hashtable only when a session is opened). */
  readonly session: string;
  readonly credential: { readonly userName: string; readonly password: string } | null;
  readonly openTimeoutMs: number;
  /** The script's parameter values as JSON text: the only place values travel. */
  readonly parameters: string;
}

export interface DispatcherRequest {
  readonly timeoutMs: number;
  readonly script: { readonly name: string; readonly text: string };
  readonly hosts: readonly DispatcherHost[];
}

export function buildRequest<R>(
  operation: HostOperation<R>,
  targets: readonly HostTarget[],
  timeoutMs: number,
  timeouts: SessionTimeouts,
): DispatcherRequest {
  // The session may not take longer to open than the request has.
  const sessionTimeouts: SessionTimeouts = {
    connectTimeoutMs: Math.min(timeouts.connectTimeoutMs, timeoutMs),
    openTimeoutMs: Math.min(timeouts.openTimeoutMs, timeoutMs),
  };
  return {
    timeoutMs,
    script: { name: operation.script.name, text: operation.script.text },
    hosts: targets.map((target, index) => ({
      name: target.connection.name,
      index,
      sessionKey: sessionKey(target.connection, target.credential),
      transport: target.connection.transport,
      session: JSON.stringify(sessionParameters(target.connection, sessionTimeouts)),
      credential: target.credential ? { userName: target.credential.userName, password: target.credential.password } : null,
      openTimeoutMs: sessionTimeouts.openTimeoutMs,
      parameters: JSON.stringify(mergeParameters(operation.parameters, target.parameters)),
    })),
  };
}

function mergeParameters(base: Parameters, perHost: Parameters | undefined): Parameters {
  return perHost ? { ...base, ...perHost } : base;
}

/**
 * The one line written to PowerShell's stdin. Base64 keeps it one line of plain ASCII whatever the values hold
 * (newlines, quotes, `$(...)`), and the dispatcher's name is the only code in it.
 */
export function requestLine(request: DispatcherRequest): string {
  return `Invoke-HvmRequest '${Buffer.from(JSON.stringify(request), 'utf8').toString('base64')}'`;
}

/** Loads the dispatcher into a fresh process: also one line, the file's text encoded. */
export function loadLine(dispatcherText: string): string {
  const encoded = Buffer.from(dispatcherText, 'utf8').toString('base64');
  return `. ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${encoded}')))); Initialize-HvmDispatcher`;
}
