/**
 * The preflight fix for a switch the destination lacks (Compare-VM 33012): each listed adapter, by its Id, is
 * connected to the chosen destination switch before the move. Adapters are told apart by Id, never by name: Hyper-V
 * names every adapter "Network Adapter" by default. Ids come from hosts, so they are looked up among the map's own
 * entries only ("constructor" or "__proto__" are Ids like any other), and compared as Windows does, ignoring case.
 */
export type SwitchMap = Readonly<Record<string, string>>;

export function switchFor(map: SwitchMap | undefined, adapterId: string | undefined): string | undefined {
  if (!map || adapterId === undefined) return undefined;
  const want = adapterId.toLowerCase();
  return Object.entries(map).find(([id]) => id.toLowerCase() === want)?.[1];
}

/** The map with this adapter connected to this switch (replacing an earlier choice for it). */
export function withSwitch(map: SwitchMap | undefined, adapterId: string, switchName: string): SwitchMap {
  const want = adapterId.toLowerCase();
  // fromEntries defines own properties: an Id of "__proto__" stays a key instead of setting a prototype.
  return Object.fromEntries([...Object.entries(map ?? {}).filter(([id]) => id.toLowerCase() !== want), [adapterId, switchName]]);
}

export function hasSwitchMap(map: SwitchMap | undefined): map is SwitchMap {
  return map !== undefined && Object.keys(map).length > 0;
}
