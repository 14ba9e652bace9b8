import * as vscode from 'vscode';
import type { MigrationService } from '../../app/migration/migrationService';
import { asQuickMigration } from '../../core/migration/fallbacks';
import type { MigrationPlan } from '../../core/migration/model';
import type { PreflightFix } from '../../core/migration/preflight';
import { switchChoices, switchPickTitle, withChosenSwitch } from '../../core/migration/view/switchChoice';
import { errorMessage } from '../../contract/errorMessage';
import { showCommandError, type OutputLog } from '../log/outputLog';
import { sameId } from '../../core/names';

export interface PreflightFixDeps {
  readonly migrations: MigrationService;
  /** The preflight's one-click fix; true when the host now allows live migration. */
  readonly enableMigration: (host: string) => Promise<boolean>;
  readonly log: OutputLog;
}

/**
 * The confirmation's fix buttons: runs the fix the user chose and returns the plans to check again (the same, or
 * planned anew), or undefined when nothing changed.
 */
export async function applyPreflightFix(
  deps: PreflightFixDeps,
  fix: PreflightFix,
  plans: readonly MigrationPlan[],
): Promise<MigrationPlan[] | undefined> {
  switch (fix.kind) {
    case 'enableMigration':
      return (await deps.enableMigration(fix.host)) ? [...plans] : undefined;
    case 'chooseSwitch': {
      const pick = await vscode.window.showQuickPick(switchChoices(fix), {
        title: switchPickTitle(fix),
        placeHolder: 'Connect it to this switch of the destination',
        ignoreFocusOut: true,
      });
      if (!pick) return undefined;
      return plans.map((p) => {
        const r = deps.migrations.plan(withChosenSwitch(p.request, fix, pick.label));
        return r.ok ? r.plan : p;
      });
    }
    case 'removePlannedVm':
      try {
        await deps.migrations.removePlannedVm(fix.host, fix.vmId);
        return [...plans];
      } catch (e) {
        await showCommandError(
          deps.log,
          `The planned VM of ${fix.vmName} on ${fix.host} was not removed: ${errorMessage(e)}`,
        );
        return undefined;
      }
    case 'quickMigration':
      return replanned(deps, plans, fix);
    case 'manual':
      return undefined;
  }
}

/** The VM's move planned again as a quick migration (the confirmation then says its downtime). */
async function replanned(
  deps: PreflightFixDeps,
  plans: readonly MigrationPlan[],
  fix: Extract<PreflightFix, { kind: 'quickMigration' }>,
): Promise<MigrationPlan[] | undefined> {
  const next: MigrationPlan[] = [];
  for (const p of plans) {
    if (!sameId(p.request.vm.id, fix.vmId)) {
      next.push(p);
      continue;
    }
    const r = deps.migrations.plan(asQuickMigration(p.request, fix.downtime));
    if (!r.ok) {
      await showCommandError(
        deps.log,
        `${fix.vmName} cannot move by quick migration: ${r.problems.map((x) => x.message).join(' ')}`,
      );
      return undefined;
    }
    next.push(r.plan);
  }
  return next;
}
