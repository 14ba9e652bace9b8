import * as vscode from 'vscode';
import type { AccelerationService } from '../../app/acceleration/accelerationService';
import type { AdapterEntry } from '../../core/acceleration/catalog';
import { accelerationScript } from '../../core/acceleration/copyAsPowerShell';
import { settingsOf, type AccelerationChange } from '../../core/acceleration/model';
import { parseNumberInput } from '../../core/acceleration/validate';
import { accelerationWarnings } from '../../core/acceleration/warnings';
import { showCommandError, type OutputLog } from '../log/outputLog';
import { pickAdapters } from './pickers';
import { reportOutcomes } from './results';
import { errorMessage } from '../../contract/errorMessage';

export interface QuickActionDeps {
  readonly service: AccelerationService;
  readonly log: OutputLog;
}

/** A palette quick action: which adapters (given from the tree, or picked), which value, then apply or copy. */
export interface QuickAction {
  readonly command: string;
  readonly title: string;
  /** Asks for the value; undefined when cancelled. */
  readonly ask: () => Promise<AccelerationChange | undefined>;
}

const onOff = async (title: string, field: 'vmqWeight' | 'iovWeight'): Promise<AccelerationChange | undefined> => {
  const pick = await vscode.window.showQuickPick(
    [
      { label: 'On', description: `${field === 'vmqWeight' ? 'VMQ' : 'SR-IOV'} weight 100`, value: 100 },
      { label: 'Off', description: 'weight 0', value: 0 },
    ],
    { title, ignoreFocusOut: true },
  );
  return pick ? { [field]: pick.value } : undefined;
};

export const quickActions: readonly QuickAction[] = [
  {
    command: 'hypervMobility.disableIpsecOffload',
    title: 'Disable IPsec Offload',
    ask: () => Promise.resolve({ ipsecOffloadMaxSA: 0 }),
  },
  {
    command: 'hypervMobility.setIpsecOffloadSAs',
    title: 'Set IPsec Offload Security Associations',
    ask: async () => {
      const text = await vscode.window.showInputBox({
        title: 'Set IPsec Offload Security Associations',
        prompt:
          'Maximum security associations offloaded to the NIC (0 turns IPsec task offload off; the default is 512)',
        value: '512',
        ignoreFocusOut: true,
        validateInput: (v) => {
          const r = parseNumberInput('ipsecOffloadMaxSA', v);
          return 'reason' in r ? r.reason : undefined;
        },
      });
      if (text === undefined) return undefined;
      const r = parseNumberInput('ipsecOffloadMaxSA', text);
      return 'value' in r ? { ipsecOffloadMaxSA: r.value } : undefined;
    },
  },
  { command: 'hypervMobility.setVmq', title: 'Turn VMQ On/Off', ask: () => onOff('Turn VMQ On/Off', 'vmqWeight') },
  {
    command: 'hypervMobility.setSriov',
    title: 'Turn SR-IOV On/Off',
    ask: () => onOff('Turn SR-IOV On/Off', 'iovWeight'),
  },
];

/** Runs a quick action on adapters: `given` from the tree's selection, else picked across every host. */
export async function runQuickAction(
  deps: QuickActionDeps,
  action: QuickAction,
  all: readonly AdapterEntry[],
  given: readonly AdapterEntry[],
): Promise<void> {
  const adapters = given.length ? [...given] : await pickAdapters(all, `${action.title}…`);
  if (!adapters) return;
  const change = await action.ask();
  if (!change) return;
  const warnings = warningsFor(adapters, change);
  const n = adapters.length;
  const go = await vscode.window.showQuickPick(
    [
      { label: `$(check) Apply to ${n} network adapter${n === 1 ? '' : 's'}`, value: 'apply' as const },
      { label: '$(copy) Copy as PowerShell', value: 'copy' as const },
      ...warnings.map((w) => ({ label: `$(warning) ${w}`, value: undefined, kind: vscode.QuickPickItemKind.Default })),
    ],
    {
      title: `${action.title}…`,
      placeHolder: warnings.length
        ? 'Some values cannot take effect everywhere (see below)'
        : 'Apply now, or copy the PowerShell',
      ignoreFocusOut: true,
    },
  );
  if (!go?.value) return;
  if (go.value === 'copy') {
    await vscode.env.clipboard.writeText(
      accelerationScript(
        adapters.map((a) => a.ref),
        change,
      ),
    );
    void vscode.window.showInformationMessage('PowerShell for this change copied to the clipboard.');
    return;
  }
  await applyChange(deps, action, adapters, change);
}

/** What may not take effect, each once (with the VM's name when there are several adapters). */
function warningsFor(adapters: readonly AdapterEntry[], change: AccelerationChange): string[] {
  return [
    ...new Set(
      adapters.flatMap((a) =>
        accelerationWarnings(settingsOf(a.adapter), change, a.facts).map((w) =>
          adapters.length > 1 ? `${a.ref.vmName}: ${w}` : w,
        ),
      ),
    ),
  ];
}

/** Applies the change to the adapters with progress, then reports each adapter's outcome. */
async function applyChange(
  deps: QuickActionDeps,
  action: QuickAction,
  adapters: readonly AdapterEntry[],
  change: AccelerationChange,
): Promise<void> {
  const n = adapters.length;
  try {
    const outcomes = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `${action.title}: ${n} network adapter${n === 1 ? '' : 's'}…`,
      },
      () =>
        deps.service.apply(
          adapters.map((a) => a.ref),
          change,
        ),
    );
    await reportOutcomes(deps.log, action.title, outcomes);
  } catch (e) {
    await showCommandError(deps.log, `${action.title} failed: ${errorMessage(e)}`);
  }
}
