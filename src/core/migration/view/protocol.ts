import type { DrainView, JobOutcome, JobStepView, JobView } from './jobView';
import { isBool, isRecord, isStr, onlyKeys, optional } from '../../json/guards';
import type { SparklineView } from './sparkline';
import type { Trend } from './throughput';
import {
  migrationKindLabels,
  type DrainStatus,
  type JobStatus,
  type MaintenanceMove,
  type MigrationKind,
  type StepStatus,
} from '../model';

/**
 * Messages between the Migrations panel's webview and the extension, shared by both sides. Each side checks every
 * message it receives (and the webview its saved state) with the guards below and drops what does not fit: a webview
 * is another process whose messages are data, not trusted objects.
 */

export type PageToExtension =
  | { readonly type: 'ready' }
  | { readonly type: 'cancel'; readonly id: string }
  | { readonly type: 'copyAsPowerShell'; readonly id: string }
  | { readonly type: 'showLog' }
  | { readonly type: 'clearFinished' };

/** The whole state every time: a lost or reordered message cannot leave the page half updated. */
export type PanelState = {
  readonly type: 'state';
  readonly jobs: readonly JobView[];
  readonly drains: readonly DrainView[];
};

export type ExtensionToPage = PanelState;

export const maxIdLength = 200;

// Records, so that adding a status to the model fails to compile here until the guard knows it.
const jobStatuses: Readonly<Record<JobStatus, true>> = {
  queued: true,
  starting: true,
  running: true,
  cancelling: true,
  verifying: true,
  rollingBack: true,
  succeeded: true,
  failed: true,
  cancelled: true,
};
const stepStatuses: Readonly<Record<StepStatus, true>> = {
  pending: true,
  running: true,
  done: true,
  failed: true,
  skipped: true,
  rolledBack: true,
};
const drainStatuses: Readonly<Record<DrainStatus, true>> = {
  draining: true,
  paused: true,
  failed: true,
  resumed: true,
  failingBack: true,
};
const moveStatuses: Readonly<Record<MaintenanceMove['status'], true>> = {
  waiting: true,
  moving: true,
  moved: true,
  failed: true,
};
const outcomes: Readonly<Record<JobOutcome, true>> = { succeeded: true, failed: true, cancelled: true };
const trends: Readonly<Record<Trend['kind'], true>> = { steady: true, slowed: true, stalled: true };

const oneOf =
  <T extends string>(set: Readonly<Record<T, true>>) =>
  (v: unknown): v is T =>
    typeof v === 'string' && Object.hasOwn(set, v);
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= maxIdLength;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isPercent = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 100;
const isKind = (v: unknown): v is MigrationKind => typeof v === 'string' && Object.hasOwn(migrationKindLabels, v);

const stepKeys = ['label', 'host', 'status', 'message'];
function isStepView(v: unknown): v is JobStepView {
  return (
    isRecord(v) &&
    onlyKeys(v, stepKeys) &&
    isStr(v.label) &&
    isStr(v.host) &&
    oneOf(stepStatuses)(v.status) &&
    optional(v.message, isStr)
  );
}

/** Numbers only ("x,y x,y"), a bounded number of them: the page sets them as an attribute, never as markup. */
const pointsPattern = /^(?:-?\d+(?:\.\d+)?,-?\d+(?:\.\d+)?(?: |$))*$/;
const maxPointsLength = 4_000;
const sparkKeys: readonly (keyof SparklineView)[] = ['width', 'height', 'points', 'label', 'trend', 'cue'];
function isSparkline(v: unknown): v is SparklineView {
  return (
    isRecord(v) &&
    onlyKeys(v, sparkKeys) &&
    isCount(v.width) &&
    isCount(v.height) &&
    isStr(v.points) &&
    v.points.length <= maxPointsLength &&
    pointsPattern.test(v.points) &&
    isStr(v.label) &&
    oneOf(trends)(v.trend) &&
    optional(v.cue, isStr)
  );
}

const jobKeys: readonly (keyof JobView)[] = [
  'id',
  'vmName',
  'source',
  'destination',
  'destinationCluster',
  'storageTarget',
  'kind',
  'kindLabel',
  'status',
  'phase',
  'percent',
  'elapsedSeconds',
  'timeLeftSeconds',
  'throughputBytesPerSecond',
  'sparkline',
  'cancellable',
  'copyable',
  'outcome',
  'outcomeText',
  'error',
  'errorId',
  'steps',
];
function isJobView(v: unknown): v is JobView {
  return (
    isRecord(v) &&
    onlyKeys(v, jobKeys) &&
    isId(v.id) &&
    isStr(v.vmName) &&
    isStr(v.source) &&
    isStr(v.destination) &&
    optional(v.destinationCluster, isStr) &&
    optional(v.storageTarget, isStr) &&
    isKind(v.kind) &&
    isStr(v.kindLabel) &&
    oneOf(jobStatuses)(v.status) &&
    isStr(v.phase) &&
    isPercent(v.percent) &&
    isCount(v.elapsedSeconds) &&
    optional(v.timeLeftSeconds, isCount) &&
    optional(v.throughputBytesPerSecond, isCount) &&
    optional(v.sparkline, isSparkline) &&
    isBool(v.cancellable) &&
    isBool(v.copyable) &&
    optional(v.outcome, oneOf(outcomes)) &&
    optional(v.outcomeText, isStr) &&
    optional(v.error, isStr) &&
    optional(v.errorId, isStr) &&
    Array.isArray(v.steps) &&
    v.steps.every(isStepView)
  );
}

const drainKeys: readonly (keyof DrainView)[] = [
  'cluster',
  'node',
  'status',
  'phase',
  'percent',
  'migrationsRunning',
  'nodeState',
  'drainStatus',
  'error',
  'moves',
];
const moveKeys = ['vmName', 'status', 'percent', 'text'];
function isMoveView(v: unknown): boolean {
  return (
    isRecord(v) &&
    onlyKeys(v, moveKeys) &&
    isStr(v.vmName) &&
    oneOf(moveStatuses)(v.status) &&
    isPercent(v.percent) &&
    isStr(v.text)
  );
}
function isDrainView(v: unknown): v is DrainView {
  return (
    isRecord(v) &&
    onlyKeys(v, drainKeys) &&
    isStr(v.cluster) &&
    isStr(v.node) &&
    oneOf(drainStatuses)(v.status) &&
    isStr(v.phase) &&
    isPercent(v.percent) &&
    isCount(v.migrationsRunning) &&
    optional(v.nodeState, isStr) &&
    optional(v.drainStatus, isStr) &&
    optional(v.error, isStr) &&
    Array.isArray(v.moves) &&
    v.moves.every(isMoveView)
  );
}

export function parsePageMessage(v: unknown): PageToExtension | undefined {
  if (!isRecord(v)) return undefined;
  switch (v.type) {
    case 'ready':
    case 'showLog':
    case 'clearFinished':
      return onlyKeys(v, ['type']) ? { type: v.type } : undefined;
    case 'cancel':
    case 'copyAsPowerShell':
      return onlyKeys(v, ['type', 'id']) && isId(v.id) ? { type: v.type, id: v.id } : undefined;
    default:
      return undefined;
  }
}

export function parseExtensionMessage(v: unknown): ExtensionToPage | undefined {
  if (!isRecord(v) || v.type !== 'state') return undefined;
  const ok =
    onlyKeys(v, ['type', 'jobs', 'drains']) &&
    Array.isArray(v.jobs) &&
    v.jobs.every(isJobView) &&
    // The page keys its elements by job id.
    new Set(v.jobs.map((j: JobView) => j.id)).size === v.jobs.length &&
    Array.isArray(v.drains) &&
    v.drains.every(isDrainView);
  return ok ? (v as unknown as PanelState) : undefined;
}
