import * as vscode from 'vscode';
import {
  adapterTooltip,
  diskTooltip,
  errorTooltip,
  hostMigrationBadge,
  hostTooltip,
  vmTooltip,
} from '../../core/inventory/tree/rowText';
import { hasChildren, type TreeNode } from '../../core/inventory/tree/treeNode';
import type { VmDisplayState } from '../../core/inventory/tree/vmState';

const vmIcons: Record<VmDisplayState, vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('vm-running', new vscode.ThemeColor('charts.green')),
  off: new vscode.ThemeIcon('vm-outline', new vscode.ThemeColor('disabledForeground')),
  saved: new vscode.ThemeIcon('save', new vscode.ThemeColor('charts.blue')),
  paused: new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('charts.yellow')),
  critical: new vscode.ThemeIcon('vm', new vscode.ThemeColor('errorForeground')),
  migrating: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.purple')),
  transition: new vscode.ThemeIcon('loading~spin'),
};

const errorIcon = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
const loadingIcon = new vscode.ThemeIcon('loading~spin');

/** Adapts a core tree node to VS Code: icon and colour by kind and state; tooltips come later, on hover. */
export function toTreeItem(node: TreeNode): vscode.TreeItem {
  const withChildren = hasChildren(node);
  const item = new vscode.TreeItem(
    node.label,
    withChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = node.id;
  item.description = node.description;
  item.contextValue = node.contextValue;
  switch (node.kind) {
    case 'cluster':
      item.iconPath = new vscode.ThemeIcon('server-environment');
      item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
      break;
    case 'clusterError':
      item.iconPath = node.loading ? loadingIcon : errorIcon;
      // while loading it stands where the cluster will be: expanded, as the cluster should first be seen
      if (node.loading) item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
      break;
    case 'clusterNode':
    case 'host':
      item.iconPath = node.error
        ? errorIcon
        : node.loading && !withChildren
          ? loadingIcon
          : new vscode.ThemeIcon('server', serverColor(node));
      // Expanded from the first time VS Code sees it: it keeps the state it first saw per id. A row with nothing under
      // it (still loading, or a node drained of its VMs) is a leaf, never an arrow opened over nothing.
      if (!node.error && withChildren) item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
      break;
    case 'vm':
      item.iconPath = vmIcons[node.displayState];
      break;
    case 'adapter':
      item.iconPath = new vscode.ThemeIcon('plug');
      break;
    case 'disk':
      item.iconPath = new vscode.ThemeIcon('database');
      break;
  }
  return item;
}

/** Grey for a node that is not Up; the warning colour when the host's own settings block moves (see its badge). */
function serverColor(node: Extract<TreeNode, { kind: 'host' | 'clusterNode' }>): vscode.ThemeColor | undefined {
  if (node.kind === 'clusterNode' && node.state !== 'Up') return new vscode.ThemeColor('disabledForeground');
  return node.info && hostMigrationBadge(node.info)
    ? new vscode.ThemeColor('problemsWarningIcon.foreground')
    : undefined;
}

/** Tooltips are built on hover only: 5,000 VMs should not pay for 5,000 Markdown strings at every refresh. */
export function tooltipFor(node: TreeNode): vscode.MarkdownString | undefined {
  let text: string | undefined;
  switch (node.kind) {
    case 'vm':
      text = vmTooltip(node.vm);
      break;
    case 'adapter':
      text = adapterTooltip(node.adapter);
      break;
    case 'disk':
      text = diskTooltip(node.disk);
      break;
    case 'host':
    case 'clusterNode':
      text = node.error
        ? errorTooltip(node.error)
        : hostTooltip(node.label, node.info, node.kind === 'clusterNode' ? node.cluster : undefined);
      break;
    case 'clusterError':
      text = node.error ? errorTooltip(node.error) : undefined;
      break;
    case 'cluster':
      text = undefined;
      break;
  }
  if (text === undefined) return undefined;
  const md = new vscode.MarkdownString(text);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}
