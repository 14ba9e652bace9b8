import { isTreeNode, type TreeNode } from './treeNode';

/** What a command was invoked on. */
export interface CommandTarget {
  /** The row it was invoked on (a tree's context menu or inline button); undefined from the palette. */
  readonly node: TreeNode | undefined;
  /** The rows it acts on: the selection when the clicked row is in it, else the clicked row alone; empty from the palette. */
  readonly nodes: readonly TreeNode[];
  /** The arguments as they came, unchecked: only for commands run from links, which check them themselves. */
  readonly args: readonly unknown[];
}

/**
 * A tree passes (clicked row, selected rows) to a command; the palette, a keybinding or a command link pass anything
 * or nothing: only tree nodes count as rows.
 */
export function commandTargetOf(args: readonly unknown[]): CommandTarget {
  const [first, second] = args;
  const node = isTreeNode(first) ? first : undefined;
  const selected = Array.isArray(second) ? second.filter(isTreeNode) : [];
  const nodes =
    node && !selected.some((s) => s.id === node.id) ? [node] : selected.length ? selected : node ? [node] : [];
  return { node, nodes, args };
}
