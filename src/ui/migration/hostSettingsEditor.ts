import * as vscode from 'vscode';
import {
  InvalidSettingsError,
  type HostMigrationSettingsService,
} from '../../app/migration/hostMigrationSettingsService';
import { hostSettingsScript } from '../../core/migration/view/copyAsPowerShell';
import { describeSettings } from '../../core/migration/view/describeSettings';
import type { HostMigrationSettings } from '../../core/migration/hostSettings';
import {
  draftChange,
  draftProblems,
  draftValues,
  hasChanges,
  keepNetwork,
  removeNetwork,
  removeSmbLimit,
  setLimit,
  setPerformanceOption,
  setSmbLimit,
  startDraft,
  toggleAuthentication,
  toggleMigration,
  toggleUseAnyNetwork,
  type SettingsDraft,
} from '../../core/migration/view/hostSettingsDraft';
import { draftSections, type RowAction, type SettingsRow } from '../../core/migration/view/hostSettingsRows';
import { showCommandError, type OutputLog } from '../log/outputLog';
import { errorMessage } from '../../contract/errorMessage';
import { askLimit, askNetwork, askPerformance, askSmbLimit } from './hostSettingsQuestions';

export interface HostSettingsEditorDeps {
  readonly service: HostMigrationSettingsService;
  readonly log: OutputLog;
  /** Reads the host again, so its tooltip and badge show what was just saved. */
  readonly refreshHost?: (host: string) => Promise<void>;
  /** Defaults to VS Code's clipboard; tests pass their own. */
  readonly copyToClipboard?: (text: string) => Thenable<void>;
}

interface RowItem extends vscode.QuickPickItem {
  readonly row?: SettingsRow;
}

type PickEvent =
  | { readonly type: 'accept'; readonly row?: SettingsRow }
  | { readonly type: 'button'; readonly row?: SettingsRow }
  | { readonly type: 'hide' };

const removeButton: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('trash'),
  tooltip: 'Remove this migration network',
};
const keepButton: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('discard'),
  tooltip: 'Keep this migration network',
};

const message = (e: unknown): string => errorMessage(e);
const actionKey = (a: RowAction): string => JSON.stringify(a);

/**
 * A host's migration settings in one quick pick that stays open between edits. The editing state and every check
 * live in core (hostSettingsDraft.ts); this class renders rows, asks for typed values and talks to the service.
 */
export class HostSettingsEditor {
  constructor(private readonly deps: HostSettingsEditorDeps) {}

  async open(host: string): Promise<void> {
    let current: HostMigrationSettings;
    try {
      current = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Reading the migration settings of ${host}…` },
        () => this.deps.service.get(host),
      );
    } catch (e) {
      await showCommandError(this.deps.log, `Could not read the migration settings of ${host}: ${message(e)}`);
      return;
    }
    await this.edit(host, current);
  }

  /** The preflight fix "turn on live migration on the destination": one click, no editor. */
  async enableMigration(host: string): Promise<HostMigrationSettings | undefined> {
    try {
      const after = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Turning on live migration on ${host}…` },
        () => this.deps.service.enableMigration(host),
      );
      void vscode.window.showInformationMessage(`Migration settings of ${host} saved: ${describeSettings(after)}`);
      return after;
    } catch (e) {
      await showCommandError(this.deps.log, `Could not turn on live migration on ${host}: ${message(e)}`);
      return undefined;
    }
  }

  private async edit(host: string, current: HostMigrationSettings): Promise<void> {
    const pick = vscode.window.createQuickPick<RowItem>();
    pick.title = `Migration settings: ${host}`;
    pick.placeholder = 'Choose a setting to change; nothing is sent until "Apply changes"';
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = true;
    let draft = startDraft(current);
    let focus: string | undefined;
    try {
      for (;;) {
        pick.items = items(draft);
        const active = pick.items.find((i) => i.row && actionKey(i.row.action) === focus);
        if (active) pick.activeItems = [active];
        pick.show();
        const event = await nextEvent(pick);
        if (event.type === 'hide') return;
        const action = event.row?.action;
        if (!action) continue;
        focus = actionKey(action);
        // The filter typed to find that row would hide the list as it is now (a removed row leaves it matching nothing).
        pick.value = '';
        if (action.kind === 'network') {
          draft = action.state === 'removed' ? keepNetwork(draft, action.subnet) : removeNetwork(draft, action.subnet);
          if (action.state === 'added') focus = undefined; // its row is gone
          continue;
        }
        if (event.type === 'button') continue;
        const next = await this.act(host, draft, action, pick);
        if (next === 'close') return;
        draft = next;
      }
    } finally {
      pick.dispose();
    }
  }

  /** One chosen row: the draft after it, or 'close' when the editor is done. */
  private async act(
    host: string,
    draft: SettingsDraft,
    action: RowAction,
    pick: vscode.QuickPick<RowItem>,
  ): Promise<SettingsDraft | 'close'> {
    switch (action.kind) {
      case 'toggleMigration':
        return toggleMigration(draft);
      case 'toggleAuthentication':
        return toggleAuthentication(draft);
      case 'toggleUseAnyNetwork':
        return toggleUseAnyNetwork(draft);
      case 'choosePerformance': {
        const option = await askPerformance(host, draftValues(draft).performanceOption);
        return option ? setPerformanceOption(draft, option) : draft;
      }
      case 'editLimit': {
        const text = await askLimit(host, action.field, draftValues(draft)[action.field]);
        if (text === undefined) return draft;
        const edit = setLimit(draft, action.field, text);
        return edit.ok ? edit.draft : draft;
      }
      case 'editSmbLimit': {
        const text = await askSmbLimit(host, draftValues(draft).smbLiveMigrationLimit);
        const edit = text === undefined ? undefined : setSmbLimit(draft, text);
        return edit?.ok ? edit.draft : draft;
      }
      case 'removeSmbLimit':
        return removeSmbLimit(draft);
      case 'addNetwork':
        return (await askNetwork(host, draft)) ?? draft;
      case 'copy':
        await this.copy(host, draft);
        return draft;
      case 'apply':
        return (await this.apply(host, draft, pick)) ? 'close' : draft;
      case 'discard':
        return 'close';
      case 'network':
      case 'none':
        return draft;
    }
  }

  private async copy(host: string, draft: SettingsDraft): Promise<void> {
    if (!hasChanges(draft)) {
      void vscode.window.showInformationMessage('Nothing changed: there is no PowerShell to copy.');
      return;
    }
    const write = this.deps.copyToClipboard ?? ((t: string) => vscode.env.clipboard.writeText(t));
    await write(hostSettingsScript(host, draftChange(draft)));
    void vscode.window.showInformationMessage(
      `PowerShell for the migration settings of ${host} copied to the clipboard.`,
    );
  }

  /** Validates the whole change first; sends it only when nothing is wrong. True when the host took it. */
  private async apply(host: string, draft: SettingsDraft, pick: vscode.QuickPick<RowItem>): Promise<boolean> {
    if (!hasChanges(draft)) {
      void vscode.window.showInformationMessage(`Nothing changed: the migration settings of ${host} stay as they are.`);
      return false;
    }
    const problems = draftProblems(draft);
    if (problems.length) {
      void vscode.window.showWarningMessage(`Nothing was sent to ${host}: ${problems.map((p) => p.message).join(' ')}`);
      return false;
    }
    pick.busy = true;
    pick.enabled = false;
    try {
      const after = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Saving the migration settings of ${host}…` },
        () => this.deps.service.change(host, draftChange(draft), draft.current),
      );
      void vscode.window.showInformationMessage(`Migration settings of ${host} saved: ${describeSettings(after)}`);
      // Not awaited: the tree catches up while the editor stays usable; a failed read shows in the tree.
      void this.deps
        .refreshHost?.(host)
        .catch((e: unknown) => this.deps.log.error(`Reading ${host} again failed: ${message(e)}`));
      return true;
    } catch (e) {
      if (e instanceof InvalidSettingsError)
        void vscode.window.showWarningMessage(`Nothing was sent to ${host}: ${e.message}`);
      // Not awaited: the editor stays usable while the notification is up.
      else void showCommandError(this.deps.log, `The migration settings of ${host} were not saved: ${message(e)}`);
      return false;
    } finally {
      pick.busy = false;
      pick.enabled = true;
    }
  }
}

/** The sections as quick pick items: separators between them, the host's value beside a changed one. */
function items(draft: SettingsDraft): RowItem[] {
  return draftSections(draft).flatMap((section) => [
    { label: section.title, kind: vscode.QuickPickItemKind.Separator },
    ...section.rows.map((row): RowItem => {
      const a = row.action;
      const buttons = a.kind === 'network' ? [a.state === 'removed' ? keepButton : removeButton] : undefined;
      const description =
        row.value === undefined
          ? undefined
          : row.was === undefined
            ? row.value
            : `${row.value} · changed from ${row.was}`;
      return {
        label: row.label,
        description,
        detail: row.detail,
        buttons,
        row,
        alwaysShow: a.kind === 'apply' || a.kind === 'copy' || a.kind === 'discard',
      };
    }),
  ]);
}

/** The next thing the user does in the pick; listeners live only while waiting, so hiding it for an input box is no event. */
function nextEvent(pick: vscode.QuickPick<RowItem>): Promise<PickEvent> {
  return new Promise((resolve) => {
    const subs: vscode.Disposable[] = [];
    const done = (e: PickEvent): void => {
      for (const s of subs) s.dispose();
      resolve(e);
    };
    subs.push(
      pick.onDidAccept(() => done({ type: 'accept', row: pick.selectedItems[0]?.row ?? pick.activeItems[0]?.row })),
      pick.onDidTriggerItemButton((e) => done({ type: 'button', row: e.item.row })),
      pick.onDidHide(() => done({ type: 'hide' })),
    );
  });
}
