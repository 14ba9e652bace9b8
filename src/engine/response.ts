/** What the dispatcher writes back (one JSON line echoing the request's nonce), and whatever else reached stdout. */
export type Stage = 'connect' | 'run' | 'transport' | 'timeout' | 'dispatcher';

export interface RawError {
  readonly stage?: Stage;
  readonly message?: string | null;
  readonly fullyQualifiedErrorId?: string | null;
  readonly category?: string | null;
  readonly targetObject?: string | null;
  readonly exceptionType?: string | null;
  /** Set by the dispatcher when the script may have started on the host (see HostErrorInfo.outcomeUnknown). */
  readonly outcomeUnknown?: boolean | null;
}

export type RawHostResult =
  | { readonly host: string; readonly index: number; readonly ok: true; readonly ms: number; readonly json: string }
  | {
      readonly host: string;
      readonly index: number;
      readonly ok: false;
      readonly ms: number;
      readonly error: RawError;
    };

export type DispatcherResponse =
  | {
      readonly ok: true;
      readonly nonce: string;
      readonly pid: number;
      readonly results: readonly RawHostResult[];
      readonly psVersion?: string;
    }
  | { readonly ok: false; readonly nonce: string; readonly pid: number; readonly error: RawError };

/** What the bootstrap returns from a host: the script's output, or the error it threw. */
export type BootstrapResult = { readonly ok: true; readonly value: unknown } | ({ readonly ok: false } & RawError);

export interface ParsedOutput {
  readonly response: DispatcherResponse;
  /** Every other line on stdout (a remote host's console output, say): never taken for the answer. */
  readonly strayLines: readonly string[];
}

// Terminal mode sequences pwsh emits around commands.
const CONTROL_SEQUENCES = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');

export class ResponseFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResponseFormatError';
  }
}

/**
 * Finds the dispatcher's answer: the JSON line that echoes `nonce`. Hosts can put text on our stdout (a remote
 * script's Write-Host, for one), so a line that merely looks like an answer is not one; nobody but this process and
 * its dispatcher knows the nonce.
 */
export function parseDispatcherOutput(stdout: string, nonce: string): ParsedOutput {
  const lines = stdout
    .replace(CONTROL_SEQUENCES, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  let response: DispatcherResponse | undefined;
  const strayLines: string[] = [];
  for (const line of lines) {
    const parsed = !response && line.startsWith('{"') ? tryParseResponse(line, nonce) : undefined;
    if (parsed) response = parsed;
    else strayLines.push(line);
  }
  if (!response) {
    throw new ResponseFormatError('PowerShell returned no answer from the dispatcher.');
  }
  return { response, strayLines };
}

function tryParseResponse(line: string, nonce: string): DispatcherResponse | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (isRecord(value) && value.nonce === nonce && typeof value.ok === 'boolean' && typeof value.pid === 'number') {
      return value as unknown as DispatcherResponse;
    }
  } catch {
    // not ours
  }
  return undefined;
}

/** Reads one host's answer; throws ResponseFormatError on anything but the bootstrap's two shapes. */
export function parseBootstrapResult(json: string): BootstrapResult {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ResponseFormatError('The host answered with text that is not JSON.');
  }
  if (!isRecord(value) || typeof value.ok !== 'boolean') {
    throw new ResponseFormatError('The host answered in a shape the engine does not know.');
  }
  if (value.ok && !('value' in value)) {
    throw new ResponseFormatError('The host answered without a value.');
  }
  return value as unknown as BootstrapResult;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
