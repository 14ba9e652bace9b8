/**
 * The readiness report: per host and per ordered host pair (source → destination), each check with what was found,
 * why it matters and how to fix it. Plain data, built by evaluate.ts from what the hosts answered.
 */
import type { HostErrorKind, Transport, WsmanAuthentication } from '../../contract/hostRunner';
import type { HostReadinessFacts } from './facts';

/** fail blocks moves; warn may; unknown could not be read; info is a fact to know; pass is fine. */
export type CheckStatus = 'fail' | 'warn' | 'unknown' | 'pass' | 'info';

/** Worst first: a section's status is its worst check's. */
export const statusOrder: readonly CheckStatus[] = ['fail', 'warn', 'unknown', 'pass', 'info'];

export type CheckArea =
  | 'remoting'
  | 'hyperV'
  | 'migration'
  | 'authentication'
  | 'credssp'
  | 'performance'
  | 'networks'
  | 'limits'
  | 'firewall'
  | 'directory'
  | 'versions'
  | 'delegation'
  | 'destination'
  | 'cluster';

/** A fix the product can run for the user; the values travel as parameters of a bundled script. */
export type FixAction =
  | { readonly kind: 'enableMigration'; readonly host: string }
  | { readonly kind: 'useKerberos'; readonly host: string }
  | { readonly kind: 'enableFirewallRule'; readonly host: string; readonly rule: string }
  | {
      readonly kind: 'addDelegation';
      /** The host whose session writes to Active Directory (it could read it there with the ActiveDirectory module). */
      readonly runOn: string;
      /** The source host whose computer account gets the delegation. */
      readonly account: string;
      readonly spns: readonly string[];
      /** Also turn on "use any authentication protocol" (protocol transition). */
      readonly protocolTransition: boolean;
    };

export interface ReadinessFix {
  /** What to do, in words. */
  readonly text: string;
  /** Copy as PowerShell: what a person would paste, every value a literal. */
  readonly script?: string;
  /** Where the product can do it itself: the button's words and what it runs. */
  readonly action?: { readonly label: string; readonly run: FixAction; readonly confirm?: string };
}

export interface ReadinessCheck {
  /** Unique within a report (host or pair key, then area and rule). */
  readonly id: string;
  readonly area: CheckArea;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found, one line. */
  readonly summary: string;
  /** Why it matters or what it means. */
  readonly detail?: string;
  readonly fix?: ReadinessFix;
}

/** A check before its id, which is made from its host (or pair), its area and, where an area has several, its key. */
export type CheckBody = Omit<ReadinessCheck, 'id'> & { readonly key?: string };

export interface HostSection {
  readonly host: string;
  readonly cluster?: string;
  readonly reachable: boolean;
  readonly status: CheckStatus;
  readonly checks: readonly ReadinessCheck[];
}

export interface PairSection {
  readonly source: string;
  readonly destination: string;
  readonly status: CheckStatus;
  readonly checks: readonly ReadinessCheck[];
}

export interface ReadinessReport {
  readonly hosts: readonly HostSection[];
  readonly pairs: readonly PairSection[];
  readonly status: CheckStatus;
  readonly counts: Readonly<Record<CheckStatus, number>>;
}

/** How the product reaches a host (from its connection settings). */
export interface ConnectionFacts {
  readonly transport: Transport;
  readonly authentication?: WsmanAuthentication;
  readonly port?: number;
  readonly userName?: string;
}

/** One host's answer to the readiness request, or why there was none. */
export type HostAnswer =
  | { readonly ok: true; readonly facts: HostReadinessFacts }
  | {
      readonly ok: false;
      readonly kind: HostErrorKind | 'notConfigured';
      readonly message: string;
      readonly errorId?: string;
    };

export interface HostInput {
  /** The host's name as the product knows it. */
  readonly name: string;
  readonly connection?: ConnectionFacts;
  readonly answer: HostAnswer;
}

/** The Hyper-V firewall rule for live migration traffic (TCP 6600) and SMB's (TCP 445, storage and cifs). */
export const migrationFirewallRule = 'VIRT-MIGL-In-TCP-NoScope';
export const smbFirewallRule = 'FPS-SMB-In-TCP';
export const checkedFirewallRules: readonly string[] = [migrationFirewallRule, smbFirewallRule];

/** The service class of the Hyper-V migration service's SPN. */
export const migrationServiceClass = 'Microsoft Virtual System Migration Service';

export function worst(statuses: readonly CheckStatus[]): CheckStatus {
  let best = statusOrder.length - 1;
  for (const s of statuses) best = Math.min(best, statusOrder.indexOf(s));
  return statusOrder[best] ?? 'info';
}
