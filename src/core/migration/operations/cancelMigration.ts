import text from '../../../scripts/migration-cancel.ps1';
import { asObject, bool, optNum } from '../../json/read';
import { hostScript, type HostOperation } from '../../../contract/hostOperation';

const script = hostScript('migration-cancel.ps1', text);

export interface CancelResult {
  /** A job of this VM was found on the host. */
  readonly found: boolean;
  /** RequestStateChange's return value (0 = accepted); absent when the job had already ended. */
  readonly returnValue?: number;
  readonly jobState?: number;
}

export function parseCancelResult(value: unknown): CancelResult {
  const o = asObject(value, 'cancel');
  return {
    found: bool(o, 'found', 'cancel'),
    returnValue: optNum(o, 'returnValue', 'cancel'),
    jobState: optNum(o, 'jobState', 'cancel'),
  };
}

/** Msvm_MigrationJob.RequestStateChange(Terminate) on the source host. */
export function cancelMigration(vmId: string, hostJobId?: string): HostOperation<CancelResult> {
  // Terminating a job again changes nothing more (a second answer says the job ended or is gone; polls tell the truth).
  return {
    script,
    parameters: hostJobId ? { VmId: vmId, HostJobId: hostJobId } : { VmId: vmId },
    idempotent: true,
    parse: parseCancelResult,
  };
}
