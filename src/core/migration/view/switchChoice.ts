import { formatMac } from '../../inventory/tree/rowText';
import type { MoveRequest } from '../model';
import type { PreflightFix } from '../preflight';
import { withSwitch } from '../switchMap';
import { sameId } from '../../names';

type ChooseSwitch = Extract<PreflightFix, { kind: 'chooseSwitch' }>;

/** The picker's title: which adapter (name and MAC, since names repeat) and the switch it is on now. */
export function switchPickTitle(fix: ChooseSwitch): string {
  const mac = fix.macAddress ? ` (MAC ${formatMac(fix.macAddress)})` : '';
  return `${fix.adapterName}${mac} is connected to ${fix.missingSwitch}, which the destination lacks`;
}

/** One item per destination switch, each saying what the choice does. */
export function switchChoices(fix: ChooseSwitch): { readonly label: string; readonly description: string }[] {
  return fix.choices.map((sw) => ({ label: sw, description: `${fix.missingSwitch} → ${sw}` }));
}

/** The request with this adapter, by its Id, connected to the chosen switch; other VMs' requests are unchanged. */
export function withChosenSwitch(request: MoveRequest, fix: ChooseSwitch, switchName: string): MoveRequest {
  if (!sameId(request.vm.id, fix.vmId)) return request;
  return { ...request, switchMap: withSwitch(request.switchMap, fix.adapterId, switchName) };
}
