import { isBool, isNum, isRecord, isStr, onlyKeys, optional } from '../json/guards';
import { statusOrder, type CheckStatus } from './model';
import type { CheckView, ReadinessView, SectionView } from './view';

/**
 * Messages between the Host Readiness panel's webview and the extension, shared by both sides and checked on
 * arrival by each (the page is another process: what it sends is data, never a trusted object).
 */
export type ReadinessPageMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'recheck' }
  | { readonly type: 'showLog' }
  | { readonly type: 'copyAll' }
  | { readonly type: 'fix'; readonly id: string }
  | { readonly type: 'copy'; readonly id: string };

export type ReadinessState = { readonly type: 'state' } & ReadinessView;

export const maxCheckIdLength = 600;

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= maxCheckIdLength;
const isStatus = (v: unknown): v is CheckStatus =>
  typeof v === 'string' && (statusOrder as readonly string[]).includes(v);
const isCount = (v: unknown): boolean => isNum(v) && Number.isInteger(v) && v >= 0;

export function parseReadinessPageMessage(v: unknown): ReadinessPageMessage | undefined {
  if (!isRecord(v)) return undefined;
  switch (v.type) {
    case 'ready':
    case 'recheck':
    case 'showLog':
    case 'copyAll':
      return onlyKeys(v, ['type']) ? { type: v.type } : undefined;
    case 'fix':
    case 'copy':
      return onlyKeys(v, ['type', 'id']) && isId(v.id) ? { type: v.type, id: v.id } : undefined;
    default:
      return undefined;
  }
}

const checkKeys: readonly (keyof CheckView)[] = [
  'id',
  'title',
  'status',
  'summary',
  'detail',
  'fixText',
  'fixLabel',
  'copyable',
];
function isCheckView(v: unknown): v is CheckView {
  return (
    isRecord(v) &&
    onlyKeys(v, checkKeys) &&
    isId(v.id) &&
    isStr(v.title) &&
    isStatus(v.status) &&
    isStr(v.summary) &&
    optional(v.detail, isStr) &&
    optional(v.fixText, isStr) &&
    optional(v.fixLabel, isStr) &&
    isBool(v.copyable)
  );
}

const sectionKeys: readonly (keyof SectionView)[] = ['key', 'title', 'subtitle', 'status', 'checks'];
function isSectionView(v: unknown): v is SectionView {
  return (
    isRecord(v) &&
    onlyKeys(v, sectionKeys) &&
    isStr(v.key) &&
    isStr(v.title) &&
    optional(v.subtitle, isStr) &&
    isStatus(v.status) &&
    Array.isArray(v.checks) &&
    v.checks.every(isCheckView)
  );
}

function isCounts(v: unknown): boolean {
  return isRecord(v) && onlyKeys(v, statusOrder) && statusOrder.every((s) => isCount(v[s]));
}

const stateKeys = ['type', 'running', 'fixing', 'checkedAt', 'error', 'status', 'counts', 'hosts', 'pairs'];
export function parseReadinessState(v: unknown): ReadinessState | undefined {
  if (!isRecord(v) || v.type !== 'state') return undefined;
  const ok =
    onlyKeys(v, stateKeys) &&
    isBool(v.running) &&
    optional(v.fixing, isId) &&
    optional(v.checkedAt, isStr) &&
    optional(v.error, isStr) &&
    optional(v.status, isStatus) &&
    isCounts(v.counts) &&
    Array.isArray(v.hosts) &&
    v.hosts.every(isSectionView) &&
    Array.isArray(v.pairs) &&
    v.pairs.every(isSectionView);
  return ok ? (v as unknown as ReadinessState) : undefined;
}
