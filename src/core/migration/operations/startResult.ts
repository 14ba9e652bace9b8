import { asObject, optStr, str } from '../../json/read';

/** What a start script answers: the host's migration job when it was already visible, and when it was asked. */
export interface StartResult {
  readonly hostJobId?: string;
  readonly requestedAt: string;
  readonly jobState?: string;
  /** The host job failed before its Msvm_MigrationJob could be seen. */
  readonly error?: string;
}

export function parseStartResult(value: unknown): StartResult {
  const o = asObject(value, 'start');
  return {
    hostJobId: optStr(o, 'hostJobId', 'start'),
    requestedAt: str(o, 'requestedAt', 'start'),
    jobState: optStr(o, 'jobState', 'start'),
    error: optStr(o, 'error', 'start'),
  };
}
