import * as vscode from 'vscode';
import type { InventoryService } from '../../app/inventoryService';
import { sameName, type ConnectionEntry } from '../../core/connections/connectionEntry';
import type { TreeNode } from '../../core/tree/treeNode';
import type { PasswordStore } from '../secrets/passwordStore';
import type { ConnectionSettings } from './connectionSettings';
import { connectionWizard } from './connectionWizard';

/** Add Host…, Add Cluster…, Edit Connection…, Remove Connection…, Forget Password…: from the palette or the tree. */
export class ConnectionCommands {
  constructor(
    private readonly settings: ConnectionSettings,
    private readonly passwords: PasswordStore,
    private readonly inventory: InventoryService,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('hypervMobility.addHost', () => this.add('host')),
      vscode.commands.registerCommand('hypervMobility.addCluster', () => this.add('cluster')),
      vscode.commands.registerCommand('hypervMobility.editConnection', (node?: TreeNode) => this.edit(node)),
      vscode.commands.registerCommand('hypervMobility.removeConnection', (node?: TreeNode) => this.remove(node)),
      vscode.commands.registerCommand('hypervMobility.forgetPassword', (node?: TreeNode) => this.forget(node)),
    ];
  }

  /** Why a name cannot be added: it is configured already, or it is a node of a cluster that is. */
  private nameProblem(name: string, except?: string): string | undefined {
    if (!name) return undefined;
    const existing = this.settings.entries().find((e) => sameName(e.name, name) && !(except && sameName(except, name)));
    if (existing) return `${existing.name} is already configured.`;
    for (const c of this.inventory.snapshot().clusters) {
      if (c.load.status === 'loaded' && c.load.value.nodes.some((n) => sameName(n.name, name))) {
        return `${name} is a node of cluster ${c.load.value.name}, which is already configured; it shows under the cluster.`;
      }
    }
    return undefined;
  }

  private async add(kind: ConnectionEntry['kind']): Promise<void> {
    const entry = await connectionWizard(kind, {}, (n) => this.nameProblem(n));
    if (!entry) return;
    await this.settings.upsert(entry);
    void this.inventory.refreshHost(entry.name);
  }

  private async edit(node?: TreeNode): Promise<void> {
    const entry = await this.pick(node, 'Edit which connection?');
    if (!entry) return;
    const updated = await connectionWizard(entry.kind, entry, (n) => this.nameProblem(n, entry.name));
    if (!updated) return;
    await this.settings.upsert(updated, entry.name);
    if (!sameName(updated.name, entry.name)) await this.passwords.forget(entry);
    this.inventory.prune();
    void this.inventory.refreshHost(updated.name);
  }

  private async remove(node?: TreeNode): Promise<void> {
    const entry = await this.pick(node, 'Remove which connection?');
    if (!entry) return;
    const ok = await vscode.window.showWarningMessage(
      `Remove ${entry.name} from Hyper-V Mobility? Nothing changes on the ${entry.kind}.`,
      { modal: true },
      'Remove',
    );
    if (ok !== 'Remove') return;
    await this.settings.remove(entry.name);
    await this.passwords.forget(entry);
    this.inventory.prune();
  }

  private async forget(node?: TreeNode): Promise<void> {
    const entry = await this.pick(node, 'Forget the password of which connection?');
    if (!entry) return;
    await this.passwords.forget(entry);
    void vscode.window.showInformationMessage(`The password for ${entry.name} is forgotten; it will be asked for when needed.`);
  }

  /** The entry behind a tree node (a host, a cluster, or a cluster's node), or one picked from the list. */
  private async pick(node: TreeNode | undefined, placeHolder: string): Promise<ConnectionEntry | undefined> {
    if (node && (node.kind === 'host' || node.kind === 'clusterError' || node.kind === 'cluster')) {
      const found = this.settings.find(node.name);
      if (found) return found;
    }
    const entries = this.settings.entries();
    if (entries.length === 0) {
      void vscode.window.showInformationMessage('No Hyper-V host or cluster is configured.');
      return undefined;
    }
    const choice = await vscode.window.showQuickPick(
      entries.map((e) => ({ label: e.name, description: `${e.kind} · ${e.transport}${e.address ? ` · ${e.address}` : ''}`, entry: e })),
      { placeHolder, title: 'Hyper-V' },
    );
    return choice?.entry;
  }
}
