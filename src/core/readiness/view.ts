/** The readiness report as the page draws it: sections of checks, each with its words and which buttons it has. */
import type { CheckStatus, ReadinessCheck, ReadinessReport } from './model';

export interface CheckView {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  readonly summary: string;
  readonly detail?: string;
  readonly fixText?: string;
  /** The one-click fix's button label, when the product can run the fix. */
  readonly fixLabel?: string;
  readonly copyable: boolean;
}

export interface SectionView {
  /** `host:NAME` or `pair:SOURCE>DESTINATION`. */
  readonly key: string;
  readonly title: string;
  readonly subtitle?: string;
  readonly status: CheckStatus;
  readonly checks: readonly CheckView[];
}

export interface ReadinessView {
  readonly running: boolean;
  /** The check being fixed right now, if any. */
  readonly fixing?: string;
  readonly checkedAt?: string;
  readonly error?: string;
  readonly status?: CheckStatus;
  readonly counts: Readonly<Record<CheckStatus, number>>;
  readonly hosts: readonly SectionView[];
  readonly pairs: readonly SectionView[];
}

export const emptyCounts: Readonly<Record<CheckStatus, number>> = { fail: 0, warn: 0, unknown: 0, pass: 0, info: 0 };

function checkView(c: ReadinessCheck): CheckView {
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    summary: c.summary,
    ...(c.detail ? { detail: c.detail } : {}),
    ...(c.fix ? { fixText: c.fix.text } : {}),
    ...(c.fix?.action ? { fixLabel: c.fix.action.label } : {}),
    copyable: c.fix?.script !== undefined,
  };
}

export function toReadinessView(input: {
  readonly report?: ReadinessReport;
  readonly checkedAt?: number;
  readonly running: boolean;
  readonly fixing?: string;
  readonly error?: string;
}): ReadinessView {
  const r = input.report;
  return {
    running: input.running,
    ...(input.fixing ? { fixing: input.fixing } : {}),
    ...(input.checkedAt !== undefined ? { checkedAt: new Date(input.checkedAt).toISOString() } : {}),
    ...(input.error ? { error: input.error } : {}),
    ...(r ? { status: r.status } : {}),
    counts: r?.counts ?? emptyCounts,
    hosts: (r?.hosts ?? []).map((h) => ({
      key: `host:${h.host}`,
      title: h.host,
      ...(h.cluster ? { subtitle: `node of ${h.cluster}` } : h.reachable ? { subtitle: 'standalone host' } : {}),
      status: h.status,
      checks: h.checks.map(checkView),
    })),
    pairs: (r?.pairs ?? []).map((p) => ({
      key: `pair:${p.source}>${p.destination}`,
      title: `${p.source} → ${p.destination}`,
      status: p.status,
      checks: p.checks.map(checkView),
    })),
  };
}
