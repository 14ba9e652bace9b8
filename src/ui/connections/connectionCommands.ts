import * as vscode from 'vscode';
import type { CredentialBroker } from '../../app/connections/credentialBroker';
import { ConnectionChanges } from '../../app/connections/connectionChanges';
import type { ConnectionSettings } from '../../app/connections/connectionSettings';
import type { InventoryService } from '../../app/inventory/inventoryService';
import { type ConnectionEntry } from '../../core/connections/connectionEntry';
import type { TreeNode } from '../../core/inventory/tree/treeNode';
import { registerCommand } from '../commands/registerCommand';
import { showCommandError, type OutputLog } from '../log/outputLog';
import { connectionWizard } from './connectionWizard';
import { sameName } from '../../core/names';

/** Add Host…, Add Cluster…, Edit Connection…, Remove Connection…, Forget Password…: from the palette or the tree. */
export class ConnectionCommands {
  private readonly changes: ConnectionChanges;

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly passwords: CredentialBroker,
    private readonly inventory: InventoryService,
    private readonly log: OutputLog,
  ) {
    this.changes = new ConnectionChanges({
      settings,
      credentials: passwords,
      inventory,
      reportError: (m) => void showCommandError(log, m),
    });
  }

  register(): vscode.Disposable[] {
    const command = (id: string, what: string, run: (node: TreeNode | undefined) => Promise<void>): vscode.Disposable =>
      registerCommand(this.log, id, what, ({ node }) => run(node));
    return [
      command('hypervMobility.addHost', 'Adding the host', () => this.add('host')),
      command('hypervMobility.addCluster', 'Adding the cluster', () => this.add('cluster')),
      command('hypervMobility.editConnection', 'Editing the connection', (node) => this.edit(node)),
      command('hypervMobility.removeConnection', 'Removing the connection', (node) => this.remove(node)),
      command('hypervMobility.forgetPassword', 'Forgetting the password', (node) => this.forget(node)),
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
    if (entry) await this.changes.add(entry);
  }

  private async edit(node?: TreeNode): Promise<void> {
    const entry = await this.pick(node, 'Edit which connection?');
    if (!entry) return;
    const updated = await connectionWizard(entry.kind, entry, (n) => this.nameProblem(n, entry.name));
    if (updated) await this.changes.edit(entry, updated);
  }

  private async remove(node?: TreeNode): Promise<void> {
    const entry = await this.pick(node, 'Remove which connection?');
    if (!entry) return;
    const ok = await vscode.window.showWarningMessage(
      `Remove ${entry.name} from Hyper-V Mobility? Nothing changes on the ${entry.kind}.`,
      { modal: true },
      'Remove',
    );
    if (ok === 'Remove') await this.changes.remove(entry);
  }

  private async forget(node?: TreeNode): Promise<void> {
    const entry = await this.pick(node, 'Forget the password of which connection?');
    if (!entry) return;
    await this.passwords.forget(entry);
    void vscode.window.showInformationMessage(
      `The password for ${entry.name} is forgotten; it will be asked for when needed.`,
    );
  }

  /** The entry behind a tree node (a host, a cluster, or a cluster's node), or one picked from the list. */
  private async pick(node: TreeNode | undefined, placeHolder: string): Promise<ConnectionEntry | undefined> {
    if (node && (node.kind === 'host' || node.kind === 'clusterError' || node.kind === 'cluster')) {
      const found = this.settings.find(node.kind === 'cluster' ? (node.entry ?? node.name) : node.name);
      if (found) return found;
    }
    const entries = this.settings.entries();
    if (entries.length === 0) {
      void vscode.window.showInformationMessage('No Hyper-V host or cluster is configured.');
      return undefined;
    }
    const choice = await vscode.window.showQuickPick(
      entries.map((e) => ({
        label: e.name,
        description: `${e.kind} · ${e.transport}${e.address ? ` · ${e.address}` : ''}`,
        entry: e,
      })),
      { placeHolder, title: 'Hyper-V', ignoreFocusOut: true },
    );
    return choice?.entry;
  }
}
