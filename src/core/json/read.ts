/**
 * Small readers for JSON that came from a host: each checks the shape it expects and names the path of what is
 * wrong, so a host that answers something unexpected gives a clear error instead of `undefined` in the UI.
 */
export class ShapeError extends Error {
  constructor(path: string, expected: string, actual: unknown) {
    super(`${path}: expected ${expected}, got ${describe(actual)}`);
    this.name = 'ShapeError';
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

export type JsonObject = Readonly<Record<string, unknown>>;

export function asObject(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ShapeError(path, 'an object', value);
  return value as JsonObject;
}

/** PowerShell's ConvertTo-Json writes a one-element array as the element itself and an empty one as null. */
export function asArray(value: unknown, _path: string): readonly unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function str(o: JsonObject, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new ShapeError(`${path}.${key}`, 'a string', v);
  return v;
}

export function optStr(o: JsonObject, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw new ShapeError(`${path}.${key}`, 'a string', v);
  return v;
}

export function num(o: JsonObject, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ShapeError(`${path}.${key}`, 'a number', v);
  return v;
}

export function optNum(o: JsonObject, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ShapeError(`${path}.${key}`, 'a number', v);
  return v;
}

export function bool(o: JsonObject, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new ShapeError(`${path}.${key}`, 'a boolean', v);
  return v;
}

export function optBool(o: JsonObject, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new ShapeError(`${path}.${key}`, 'a boolean', v);
  return v;
}

export function strings(o: JsonObject, key: string, path: string): string[] {
  return asArray(o[key], `${path}.${key}`).map((v, i) => {
    if (typeof v !== 'string') throw new ShapeError(`${path}.${key}[${i}]`, 'a string', v);
    return v;
  });
}

export function list<T>(o: JsonObject, key: string, path: string, read: (item: JsonObject, path: string) => T): T[] {
  return asArray(o[key], `${path}.${key}`).map((v, i) => {
    const p = `${path}.${key}[${i}]`;
    return read(asObject(v, p), p);
  });
}
