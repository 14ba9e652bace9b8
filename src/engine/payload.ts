import type { HostOperation, Parameters } from '../contract/hostOperation';
import type { SecretOffer } from './process';
import { sessionKey, sessionParameters, type SessionTimeouts } from './sessionParameters';
import type { HostTarget, Transport } from '../contract/hostRunner';

/** One host's part of a request, as the dispatcher reads it. */
export interface DispatcherHost {
  readonly name: string;
  readonly index: number;
  readonly sessionKey: string;
  readonly transport: Transport;
  /** New-PSSession's arguments as JSON text (read into a hashtable only when a session is opened). */
  readonly session: string;
  /** Whether the side channel holds a credential for this host (the request itself never holds one). */
  readonly credential: boolean;
  readonly openTimeoutMs: number;
  /** The script's parameter values as JSON text: the only place values travel. */
  readonly parameters: string;
}

export interface DispatcherRequest {
  /** Random; the dispatcher's answer must echo it (lines without it are not the answer, whoever wrote them). */
  readonly nonce: string;
  readonly timeoutMs: number;
  /** Whether the script may be sent again after a connection broke while it ran (HostOperation.idempotent). */
  readonly idempotent: boolean;
  /** The side channel's ticket for this request's credentials, or null when no host has one. */
  readonly secrets: string | null;
  readonly script: { readonly name: string; readonly text: string };
  readonly hosts: readonly DispatcherHost[];
}

/** Per request: random ids (made by the caller with crypto) and the engine's session-key secret. */
export interface RequestIds {
  readonly nonce: string;
  readonly ticket: string;
  readonly keySecret: Buffer;
}

export interface BuiltRequest {
  readonly request: DispatcherRequest;
  /** What the side channel hands over for `request.secrets`; undefined when no host has a credential. */
  readonly secret: SecretOffer | undefined;
}

export function buildRequest<R>(
  operation: HostOperation<R>,
  targets: readonly HostTarget[],
  timeoutMs: number,
  timeouts: SessionTimeouts,
  ids: RequestIds,
): BuiltRequest {
  // The session may not take longer to open than the request has.
  const sessionTimeouts: SessionTimeouts = {
    connectTimeoutMs: Math.min(timeouts.connectTimeoutMs, timeoutMs),
    openTimeoutMs: Math.min(timeouts.openTimeoutMs, timeoutMs),
  };
  const credentials = targets.flatMap((target, index) =>
    usesCredential(target) && target.credential ? [credentialEntry(index, target.credential)] : [],
  );
  const request: DispatcherRequest = {
    nonce: ids.nonce,
    timeoutMs,
    idempotent: operation.idempotent,
    secrets: credentials.length > 0 ? ids.ticket : null,
    script: { name: operation.script.name, text: operation.script.text },
    hosts: targets.map((target, index) => ({
      name: target.connection.name,
      index,
      sessionKey: sessionKey(target.connection, target.credential, ids.keySecret),
      transport: target.connection.transport,
      session: JSON.stringify(sessionParameters(target.connection, sessionTimeouts)),
      credential: usesCredential(target) && target.credential !== undefined,
      openTimeoutMs: sessionTimeouts.openTimeoutMs,
      parameters: JSON.stringify(mergeParameters(operation.parameters, target.parameters)),
    })),
  };
  return {
    request,
    secret: credentials.length > 0 ? { ticket: ids.ticket, payload: credentials.join(';') } : undefined,
  };
}

/** Only WinRM takes a PSCredential; New-PSSession's SSH parameter set has none. */
function usesCredential(target: HostTarget): boolean {
  return target.connection.transport === 'wsman';
}

/** `index,base64(user),base64(password)`: no character of it needs quoting, and the dispatcher splits it without a parser. */
function credentialEntry(index: number, credential: { readonly userName: string; readonly password: string }): string {
  const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
  return `${index},${b64(credential.userName)},${b64(credential.password)}`;
}

function mergeParameters(base: Parameters, perHost: Parameters | undefined): Parameters {
  return perHost ? { ...base, ...perHost } : base;
}

/**
 * The one line written to PowerShell's stdin. Base64 keeps it one line of plain ASCII whatever the values hold
 * (newlines, quotes, `$(...)`), and the dispatcher's name is the only code in it. It holds no secret: PowerShell may
 * log it (script block logging, transcription).
 */
export function requestLine(request: DispatcherRequest): string {
  return `Invoke-HvmRequest '${Buffer.from(JSON.stringify(request), 'utf8').toString('base64')}'`;
}

/** Loads the dispatcher into a fresh process: also one line, the file's text encoded; its answer echoes `nonce`. */
export function loadLine(dispatcherText: string, nonce: string): string {
  checkNonce(nonce);
  const encoded = Buffer.from(dispatcherText, 'utf8').toString('base64');
  return `. ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${encoded}')))); Initialize-HvmDispatcher '${nonce}'`;
}

/** Asks the dispatcher to close every remote session (engine dispose), waiting at most `waitMs` for the hosts. */
export function closeLine(nonce: string, waitMs: number): string {
  checkNonce(nonce);
  return `Close-HvmSessions '${nonce}' ${Math.max(0, Math.floor(waitMs))}`;
}

/** Nonces are spliced into a command line: hex only, as crypto makes them. */
function checkNonce(nonce: string): void {
  if (!/^[0-9a-f]{16,64}$/.test(nonce)) throw new Error('A nonce must be 16 to 64 hex digits.');
}
