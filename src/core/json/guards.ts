/**
 * Shape checks for data that crosses a process boundary (webview messages): plain type guards, no coercion, so a
 * message either is exactly what its side expects or is dropped.
 */
export type Rec = Readonly<Record<string, unknown>>;

export function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** No key beyond these: an unknown field means a sender we do not understand. */
export function onlyKeys(o: Rec, allowed: readonly string[]): boolean {
  return Object.keys(o).every((k) => allowed.includes(k));
}

export const isStr = (v: unknown): v is string => typeof v === 'string';
export const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const optional = (v: unknown, guard: (x: unknown) => boolean): boolean => v === undefined || guard(v);
