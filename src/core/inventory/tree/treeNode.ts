import type { HostErrorInfo } from '../../../contract/hostRunner';
import type { AdapterInfo, ClusterNodeStateName, DiskInfo, HostInfo, VmInfo } from '../inventory';
import type { VmDisplayState } from './vmState';

/**
 * The inventory tree as plain data. The VS Code layer turns each node into a TreeItem; everything a user reads
 * (labels, descriptions, tooltips, context values) is decided here so it can be tested without VS Code.
 */
interface NodeBase {
  /** Stable across refreshes so VS Code keeps expansion and selection. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  /** kind.state, for precise `when` clauses: `vm.running`, `host.standalone`, `node.paused`, … */
  readonly contextValue: string;
}

export interface ClusterTreeNode extends NodeBase {
  readonly kind: 'cluster';
  /** The cluster's own name (what its nodes and roles know it by). */
  readonly name: string;
  /** The configured entry it was reached through, when that is spelled otherwise (an FQDN, an address). */
  readonly entry?: string;
  readonly children: readonly TreeNode[];
}

export interface ClusterMemberTreeNode extends NodeBase {
  readonly kind: 'clusterNode';
  /** The node's identity (how it is reached); the label is the cluster's name for it. */
  readonly name: string;
  readonly cluster: string;
  readonly state: ClusterNodeStateName;
  readonly error?: HostErrorInfo;
  readonly loading: boolean;
  /** What the host reports about itself, once it has answered (for its tooltip). */
  readonly info?: HostInfo;
  readonly children: readonly TreeNode[];
}

export interface HostTreeNode extends NodeBase {
  readonly kind: 'host';
  /** The host's identity: the configured entry's name. */
  readonly name: string;
  readonly error?: HostErrorInfo;
  readonly loading: boolean;
  /** What the host reports about itself, once it has answered (for its tooltip). */
  readonly info?: HostInfo;
  readonly children: readonly TreeNode[];
}

export interface ClusterErrorTreeNode extends NodeBase {
  readonly kind: 'clusterError';
  readonly name: string;
  readonly error?: HostErrorInfo;
  readonly loading: boolean;
}

export interface VmTreeNode extends NodeBase {
  readonly kind: 'vm';
  readonly vm: VmInfo;
  readonly displayState: VmDisplayState;
  readonly children: readonly TreeNode[];
}

export interface AdapterTreeNode extends NodeBase {
  readonly kind: 'adapter';
  readonly vm: VmInfo;
  readonly adapter: AdapterInfo;
}

export interface DiskTreeNode extends NodeBase {
  readonly kind: 'disk';
  readonly vm: VmInfo;
  readonly disk: DiskInfo;
}

export type TreeNode =
  | ClusterTreeNode
  | ClusterMemberTreeNode
  | HostTreeNode
  | ClusterErrorTreeNode
  | VmTreeNode
  | AdapterTreeNode
  | DiskTreeNode;

export function childrenOf(node: TreeNode): readonly TreeNode[] {
  return 'children' in node ? node.children : [];
}

/** Whether the node has children, without building a VM's (they are built when the VM is expanded). */
export function hasChildren(node: TreeNode): boolean {
  if (node.kind === 'vm') return node.vm.adapters.length + node.vm.disks.length > 0;
  return 'children' in node && node.children.length > 0;
}

/** What VS Code hands a command from a tree menu is one of our nodes; from the palette it is anything (or nothing). */
export function isTreeNode(v: unknown): v is TreeNode {
  return typeof v === 'object' && v !== null && 'kind' in v && 'id' in v;
}
