/** What the dispatcher writes back (one JSON line), and the ssh chatter around it. */
export type Stage = 'connect' | 'run' | 'transport' | 'timeout' | 'dispatcher';

export interface RawError {
  readonly stage?: Stage;
  readonly message: string;
  readonly fullyQualifiedErrorId?: string | null;
  readonly category?: string | null;
  readonly targetObject?: string | null;
  readonly exceptionType?: string | null;
}

export type RawHostResult =
  | { readonly host: string; readonly index: number; readonly ok: true; readonly ms: number; readonly json: string }
  | { readonly host: string; readonly index: number; readonly ok: false; readonly ms: number; readonly error: RawError };

export type DispatcherResponse =
  | { readonly ok: true; readonly pid: number; readonly results: readonly RawHostResult[]; readonly psVersion?: string }
  | { readonly ok: false; readonly pid: number; readonly error: RawError };

/** What the bootstrap returns from a host: the script's output, or the error it threw. */
export type BootstrapResult = { readonly ok: true; readonly value: unknown } | ({ readonly ok: false } & RawError);

export interface ParsedOutput {
  readonly response: DispatcherResponse;
  /** Other lines on stdout: ssh writes its errors ("Connection refused", "Permission denied") to the console. */
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

export function parseDispatcherOutput(stdout: string): ParsedOutput {
  const lines = stdout
    .replace(CONTROL_SEQUENCES, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  let response: DispatcherResponse | undefined;
  const strayLines: string[] = [];
  for (const line of lines) {
    const parsed = line.startsWith('{"') ? tryParseResponse(line) : undefined;
    if (parsed && !response) {
      response = parsed;
    } else {
      strayLines.push(line);
    }
  }
  if (!response) {
    throw new ResponseFormatError('PowerShell returned no answer from the dispatcher.');
  }
  return { response, strayLines };
}

function tryParseResponse(line: string): DispatcherResponse | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (isRecord(value) && typeof value.ok === 'boolean' && typeof value.pid === 'number') {
      return value as unknown as DispatcherResponse;
    }
  } catch {
    // not ours
  }
  return undefined;
}

export function parseBootstrapResult(json: string): BootstrapResult {
  const value: unknown = JSON.parse(json);
  if (!isRecord(value) || typeof value.ok !== 'boolean') {
    throw new ResponseFormatError('The host returned an answer in an unknown shape.');
  }
  return value as unknown as BootstrapResult;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
