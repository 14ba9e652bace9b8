import { sameId } from '../names';
/**
 * The preflight fix for a switch the destination lacks (Compare-VM 33012): each listed adapter, by its Id, is
 * connected to the chosen destination switch before the move. Adapters are told apart by Id, never by name: Hyper-V
 * names every adapter "Network Adapter" by default. Ids come from hosts, so they are looked up among the map's own
 * entries only ("constructor" or "__proto__" are Ids like any other), and compared as Windows does, ignoring case.
 */
export type SwitchMap = Readonly<Record<string, string>>;

export function switchFor(map: SwitchMap | undefined, adapterId: string | undefined): string | undefined {
  if (!map || adapterId === undefined) return undefined;
  return Object.entries(map).find(([id]) => sameId(id, adapterId))?.[1];
}

/** The map with this adapter connected to this switch (replacing an earlier choice for it). */
export function withSwitch(map: SwitchMap | undefined, adapterId: string, switchName: string): SwitchMap {
  // fromEntries defines own properties: an Id of "__proto__" stays a key instead of setting a prototype.
  return Object.fromEntries([
    ...Object.entries(map ?? {}).filter(([id]) => !sameId(id, adapterId)),
    [adapterId, switchName],
  ]);
}

export function hasSwitchMap(map: SwitchMap | undefined): map is SwitchMap {
  return map !== undefined && Object.keys(map).length > 0;
}
