import type { DropRefusal } from '../drop';
import type { MigrationPlan } from '../model';
import { downtimeText, type DowntimeEstimate } from '../downtime';
import { moveKindLabel } from '../fallbacks';
import { filesPlacementOf, stepLabels, type PlanStep } from '../planSteps';
import { placementText } from '../placement';
import { formatMac } from '../../inventory/tree/rowText';
import { errors, warnings, type PreflightFix, type PreflightItem, type PreflightReport } from '../preflight';
import { idKey, nameKey } from '../../names';
import { plural } from '../../format/words';

/**
 * What the user reads before a move starts: the plan (kind, source → destination, each step, where the files go)
 * and the preflight (errors block, warnings need acceptance, fixes offered as buttons). Plain text, since VS Code
 * shows a modal's detail as text; a VM name can hold anything and stays data here.
 */

export interface CheckedMove {
  readonly plan: MigrationPlan;
  readonly report: PreflightReport;
}

export interface Confirmation {
  readonly message: string;
  readonly detail: string;
  /** The move(s) may start (no preflight error). */
  readonly startable: boolean;
  readonly warningCount: number;
  /** One-click fixes the preflight offered, once each. */
  readonly fixes: readonly PreflightFix[];
}

export function confirmationOf(moves: readonly CheckedMove[], refused: readonly DropRefusal[]): Confirmation {
  const errorCount = moves.reduce((n, m) => n + errors(m.report).length, 0);
  const warningCount = moves.reduce((n, m) => n + warnings(m.report).length, 0);
  const first = moves[0];
  const message =
    moves.length === 1 && first
      ? `${moveKindLabel(first.plan)}: ${first.plan.request.vm.name} from ${first.plan.sourceHost} to ${destinationText(first.plan)}?`
      : `Move ${moves.length} VMs?`;
  const lines: string[] = [];
  for (const m of moves) {
    if (moves.length > 1)
      lines.push(
        `${m.plan.request.vm.name}: ${moveKindLabel(m.plan)}, ${m.plan.sourceHost} → ${destinationText(m.plan)}`,
      );
    m.plan.steps.forEach((s, i) => lines.push(`${moves.length > 1 ? '  ' : ''}${i + 1}. ${stepText(s)}`));
    const down = m.plan.request.downtime;
    if (down) lines.push(`${moves.length > 1 ? '  ' : ''}⏸ ${downtimeLine(m.plan, down)}`);
    for (const item of m.report.items) {
      // An info line is said only when it offers something to do (a fallback).
      if (item.severity === 'info' && !item.fix) continue;
      const mark = item.severity === 'error' ? '✖' : item.severity === 'warning' ? '⚠' : '↪';
      lines.push(`${moves.length > 1 ? '  ' : ''}${mark} ${item.title}: ${item.reason}`);
    }
  }
  if (errorCount === 0 && warningCount === 0) lines.push('', 'Preflight: no problems found on either host.');
  else if (errorCount > 0) lines.push('', `Preflight: ${plural(errorCount, 'problem')} must be fixed first.`);
  else
    lines.push(
      '',
      `Preflight: ${plural(warningCount, 'warning')}; the move can start if you accept ${warningCount === 1 ? 'it' : 'them'}.`,
    );
  if (refused.length) {
    lines.push('', 'Not moved:');
    for (const r of refused) lines.push(`  ${r.reason}`);
  }
  const fixes = uniqueFixes(moves);
  return { message, detail: lines.join('\n'), startable: errorCount === 0, warningCount, fixes };
}

export function fixLabel(fix: PreflightFix): string {
  switch (fix.kind) {
    case 'enableMigration':
      return `Turn On Live Migration on ${fix.host}`;
    case 'chooseSwitch':
      // Each adapter its own button: two adapters may both be called "Network Adapter".
      return `Choose a Switch for ${fix.adapterName}${fix.macAddress ? ` (MAC ${formatMac(fix.macAddress)})` : ''}…`;
    case 'removePlannedVm':
      return `Remove the Leftover Planned VM of ${fix.vmName} on ${fix.host}`;
    case 'quickMigration':
      return `Quick Migration Instead (${downtimeText(fix.downtime)} down)…`;
    case 'manual':
      return fix.text;
  }
}

/** What the user accepts with a move the VM is down for. */
export function downtimeLine(plan: MigrationPlan, down: DowntimeEstimate): string {
  return `${plan.request.vm.name} is down while it moves: ${downtimeText(down)} (${down.basis}).`;
}

function destinationText(plan: MigrationPlan): string {
  if (plan.kind === 'storage') return placementText(filesPlacementOf(plan) ?? { mode: 'shared' });
  return plan.destinationCluster
    ? `${plan.destinationHost} (cluster ${plan.destinationCluster})`
    : plan.destinationHost;
}

function stepText(step: PlanStep): string {
  switch (step.action) {
    case 'moveVm':
      return `${stepLabels.moveVm} to ${step.destinationHost}, files: ${placementText(step.storage)}${step.retainSourceCopies ? ' (copies kept on the source)' : ''}`;
    case 'moveStorage':
      return `${stepLabels.moveStorage} on ${step.host} to ${placementText(step.storage)}`;
    case 'moveClusterRole':
      return `${stepLabels.moveClusterRole} to ${step.node} (${step.migrationType} migration)`;
    case 'removeClusterRole':
      return `${stepLabels.removeClusterRole} of ${step.cluster}`;
    case 'addClusterRole':
      return `${stepLabels.addClusterRole} of ${step.cluster}`;
  }
}

/** The fixes the preflights offer, each once (one host's live migration is turned on once for all its moves). */
export function uniqueFixes(
  moves: readonly CheckedMove[],
  extra: readonly (readonly PreflightItem[])[] = [],
): PreflightFix[] {
  const fixes: PreflightFix[] = [];
  const seen = new Set<string>();
  moves.forEach((m, i) => {
    for (const item of [...m.report.items, ...(extra[i] ?? [])]) {
      if (!item.fix || item.fix.kind === 'manual') continue;
      const key = fixKey(item.fix, m.plan.request.vm.id);
      if (seen.has(key)) continue;
      seen.add(key);
      fixes.push(item.fix);
    }
  });
  return fixes;
}

/** One fix for the same thing, however many moves offer it. */
function fixKey(fix: Exclude<PreflightFix, { kind: 'manual' }>, vmId: string): string {
  switch (fix.kind) {
    case 'enableMigration':
      return `enable:${nameKey(fix.host)}`;
    case 'removePlannedVm':
      return `planned:${nameKey(fix.host)}:${fix.vmId}`;
    case 'chooseSwitch':
      return `switch:${vmId}:${idKey(fix.adapterId)}`;
    case 'quickMigration':
      return `quick:${idKey(fix.vmId)}`;
  }
}
