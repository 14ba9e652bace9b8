import type { RawError } from './response';
import type { HostConnection, HostErrorInfo, HostErrorKind, UnreachableReason } from '../contract/hostRunner';

// ssh and WinRM say why a host refused us only in prose; these are the phrasings seen from OpenSSH, pwsh and WinRM.
const AUTHENTICATION = [
  /permission denied/i,
  /access is denied/i,
  /access denied/i,
  /authentication failed/i,
  /logon failure/i,
  /user name or password is incorrect/i,
  /unknown user name or bad password/i,
  /0x8009030e/i,
  /0x8009030d/i,
  /too many authentication failures/i,
  /host key verification failed/i,
];
const REASONS: readonly (readonly [UnreachableReason, RegExp])[] = [
  [
    'nameResolution',
    /could not resolve hostname|name or service not known|nodename nor servname|no such host is known|name could not be resolved|cannot be resolved|temporary failure in name resolution/i,
  ],
  ['refused', /connection refused|actively refused|econnrefused/i],
  ['timeout', /timed out|timeout|did not finish in time/i],
];

/** Text we must never show: passwords handed in for this request. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('***');
  }
  return out;
}

/** ssh lines about this host ("ssh: connect to host 127.0.0.12 port 22: ...", "user@127.0.0.12: Permission denied"). */
export function linesAbout(connection: HostConnection, strayLines: readonly string[]): string[] {
  const address = connection.address ?? connection.name;
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(host|hostname|@|\\[)\\s*${escaped}(\\]|:|\\s|$)`, 'i');
  return strayLines.filter(
    (line) =>
      pattern.test(line) &&
      (connection.port === undefined || !/port \d+/.test(line) || line.includes(`port ${connection.port}`)),
  );
}

export interface ClassifyInput {
  readonly host: string;
  readonly script: string;
  readonly error: RawError;
  /** Set when the error came from the bootstrap on the host: the script itself failed. */
  readonly fromScript: boolean;
  readonly hints?: readonly string[];
  readonly secrets: readonly string[];
}

const NO_MESSAGE = 'The host reported an error without a message.';

export function classifyError(input: ClassifyInput): HostErrorInfo {
  const { error } = input;
  const hints = input.hints ?? [];
  const rawMessage = typeof error.message === 'string' && error.message.trim() !== '' ? error.message : NO_MESSAGE;
  const text = [rawMessage, ...hints].join('\n');
  let kind: HostErrorKind;
  let reason: UnreachableReason | undefined;
  if (input.fromScript) {
    kind = 'command';
  } else if (error.stage === 'timeout') {
    kind = 'timeout';
  } else if (error.stage === 'connect' || error.stage === 'transport') {
    if (AUTHENTICATION.some((p) => p.test(text))) {
      kind = 'authentication';
    } else {
      kind = 'unreachable';
      reason = REASONS.find(([, p]) => p.test(text))?.[0] ?? 'other';
    }
  } else if (error.stage === 'dispatcher') {
    kind = 'process';
  } else {
    kind = 'command';
  }
  // ssh's own line says more than pwsh's "transport process has abruptly terminated".
  const message = hints.length > 0 && kind !== 'command' ? `${hints.join(' ')} (${rawMessage})` : rawMessage;
  return withoutEmpty({
    host: input.host,
    script: input.script,
    kind,
    reason,
    message: redact(message, input.secrets),
    fullyQualifiedErrorId: typeof error.fullyQualifiedErrorId === 'string' ? error.fullyQualifiedErrorId : undefined,
    category: typeof error.category === 'string' ? error.category : undefined,
    targetObject: typeof error.targetObject === 'string' ? redact(error.targetObject, input.secrets) : undefined,
    outcomeUnknown: error.outcomeUnknown === true && !input.fromScript ? true : undefined,
  });
}

export function simpleError(
  host: string,
  script: string,
  kind: HostErrorKind,
  message: string,
  outcomeUnknown = false,
): HostErrorInfo {
  return outcomeUnknown ? { host, script, kind, message, outcomeUnknown } : { host, script, kind, message };
}

function withoutEmpty(info: HostErrorInfo): HostErrorInfo {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(info)) {
    if (value !== undefined && value !== null && value !== '') out[key] = value;
  }
  return out as unknown as HostErrorInfo;
}
