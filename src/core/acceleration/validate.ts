import {
  accelerationFields,
  booleanFields,
  changedFields,
  fieldLabels,
  interruptModerations,
  isInterruptModeration,
  numericFields,
  type AccelerationChange,
  type AccelerationField,
  type NumericField,
} from './model';

/** Why a value is refused, per field. Pure: the webview form and the extension run the same checks. */
export interface Problem {
  readonly field: AccelerationField | 'change';
  readonly reason: string;
}

const UINT32_MAX = 4294967295;

/** Inclusive ranges (docs/hyperv.md, "Network adapters and acceleration"); the type's bound where the documentation gives none. */
export const ranges: Readonly<
  Record<NumericField, { readonly min: number; readonly max: number; readonly hint: string }>
> = {
  ipsecOffloadMaxSA: { min: 0, max: UINT32_MAX, hint: '0 turns IPsec task offload off' },
  vmqWeight: { min: 0, max: 100, hint: '0–100; 0 turns VMQ off' },
  iovWeight: { min: 0, max: 100, hint: '0–100; 0 turns SR-IOV off' },
  iovQueuePairsRequested: { min: 1, max: UINT32_MAX, hint: 'at least 1' },
  vmmqQueuePairs: { min: 1, max: UINT32_MAX, hint: 'at least 1' },
};

export function validateNumber(field: NumericField, value: unknown): string | undefined {
  const r = ranges[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${fieldLabels[field]} must be a number.`;
  if (!Number.isInteger(value)) return `${fieldLabels[field]} must be a whole number.`;
  if (value < r.min || value > r.max) {
    return r.max === UINT32_MAX
      ? `${fieldLabels[field]} must be at least ${r.min} (${r.hint}).`
      : `${fieldLabels[field]} must be between ${r.min} and ${r.max} (${r.hint}).`;
  }
  return undefined;
}

/** Every problem of a change; an empty change is refused too (nothing to send). */
export function validateChange(change: AccelerationChange): Problem[] {
  const problems: Problem[] = [];
  const raw = change as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(raw)) {
    if (!(accelerationFields as readonly string[]).includes(key))
      problems.push({ field: 'change', reason: `Unknown setting "${key}".` });
  }
  for (const f of numericFields) {
    if (raw[f] === undefined) continue;
    const reason = validateNumber(f, raw[f]);
    if (reason) problems.push({ field: f, reason });
  }
  for (const f of booleanFields) {
    if (raw[f] !== undefined && typeof raw[f] !== 'boolean')
      problems.push({ field: f, reason: `${fieldLabels[f]} must be on or off.` });
  }
  if (raw.iovInterruptModeration !== undefined && !isInterruptModeration(raw.iovInterruptModeration)) {
    problems.push({
      field: 'iovInterruptModeration',
      reason: `IOV interrupt moderation must be one of ${interruptModerations.join(', ')}.`,
    });
  }
  if (changedFields(change).length === 0 && problems.length === 0)
    problems.push({ field: 'change', reason: 'Nothing to change.' });
  return problems;
}

/** Reads what was typed in a number box: digits only (no sign, exponent or decimals), then the range check. */
export function parseNumberInput(field: NumericField, text: string): { value: number } | { reason: string } {
  const t = text.trim();
  if (t === '') return { reason: `${fieldLabels[field]} is required.` };
  if (!/^\d+$/.test(t)) return { reason: `${fieldLabels[field]} must be a whole number (${ranges[field].hint}).` };
  const value = Number(t);
  const reason = validateNumber(field, value);
  return reason ? { reason } : { value };
}

export class InvalidChangeError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map((p) => p.reason).join(' '));
    this.name = 'InvalidChangeError';
  }
}
