import text from '../../../scripts/readiness-add-delegation.ps1';
import { asObject, bool, str, strings } from '../../json/read';
import { hostScript, type HostOperation } from '../../../contract/hostOperation';

const script = hostScript('readiness-add-delegation.ps1', text);

export interface DelegationState {
  readonly account: string;
  readonly trustedToAuthForDelegation: boolean;
  readonly allowedToDelegateTo: readonly string[];
  /** What this request added (nothing when it was there already). */
  readonly added: readonly string[];
}

/**
 * Lets a computer account delegate to these SPNs (and, when asked, with any authentication protocol). The script reads
 * the account first and adds only what is missing, so sending it again changes nothing.
 */
export function addDelegation(
  account: string,
  spns: readonly string[],
  protocolTransition: boolean,
  purgeTickets: boolean,
): HostOperation<DelegationState> {
  return {
    script,
    parameters: {
      Computer: account,
      Spns: [...spns],
      ProtocolTransition: protocolTransition,
      PurgeTickets: purgeTickets,
    },
    // It adds only what is missing: sent twice, the account ends the same.
    idempotent: true,
    parse: (value) => {
      const o = asObject(value, 'delegation');
      return {
        account: str(o, 'account', 'delegation'),
        trustedToAuthForDelegation: bool(o, 'trustedToAuthForDelegation', 'delegation'),
        allowedToDelegateTo: strings(o, 'allowedToDelegateTo', 'delegation'),
        added: strings(o, 'added', 'delegation'),
      };
    },
  };
}
