import { childrenOf, hasChildren, type TreeNode, type VmTreeNode } from './treeNode';

/**
 * What a redraw must touch after a refresh: nothing, some rows (each with what is under it), or the whole tree.
 * Redrawing only the rows that changed keeps open tooltips and drags on the others alive while moves report progress.
 */
export type TreeChanges =
  { readonly kind: 'none' } | { readonly kind: 'all' } | { readonly kind: 'rows'; readonly ids: readonly string[] };

/**
 * The rows of `after` that differ from `before`: a row whose own data changed (label, description, state, the data
 * its tooltip and children are made of), or whose children are other rows or in another order. Below a changed row
 * nothing more is listed: redrawing a row redraws what is under it. Other roots than before: everything.
 */
export function treeChanges(before: readonly TreeNode[], after: readonly TreeNode[]): TreeChanges {
  if (!sameIds(before, after)) return { kind: 'all' };
  // A row that gains or loses its children is redrawn from its parent: VS Code keeps a redrawn row's expanded state,
  // so a node drained of its last VM would stay expanded over nothing.
  if (before.some((was, i) => hasChildren(was) !== hasChildren(after[i]!))) return { kind: 'all' };
  const ids: string[] = [];
  const walk = (a: readonly TreeNode[], b: readonly TreeNode[]): void => {
    for (let i = 0; i < b.length; i++) {
      const was = a[i]!;
      const now = b[i]!;
      if (!sameRow(was, now)) {
        ids.push(now.id);
        continue;
      }
      // A VM's children are made from its own data (compared above) when it is expanded: not built here.
      if (now.kind === 'vm') continue;
      const wasChildren = childrenOf(was);
      const nowChildren = childrenOf(now);
      if (
        !sameIds(wasChildren, nowChildren) ||
        wasChildren.some((c, j) => hasChildren(c) !== hasChildren(nowChildren[j]!))
      )
        ids.push(now.id);
      else walk(wasChildren, nowChildren);
    }
  };
  walk(before, after);
  return ids.length ? { kind: 'rows', ids } : { kind: 'none' };
}

/**
 * Whether a row's own data is the same, the rows under it aside (keys are listed, not read: a VM's children are a
 * getter that builds them). The data a row is made of (a VM's facts, a host's) is the inventory's own object until
 * that host is read again, so the same object is the same data; only a host read again costs a comparison of text.
 */
function sameRow(a: TreeNode, b: TreeNode): boolean {
  if (a.kind === 'vm' && b.kind === 'vm') return sameVmRow(a, b);
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  // Plain loops: this runs for every row of the tree on every event (20,000 VMs in the bench).
  for (const k in ra) {
    if (k === 'children') continue;
    const x = ra[k];
    const y = rb[k];
    if (x === y) continue;
    if (
      typeof x !== 'object' ||
      typeof y !== 'object' ||
      x === null ||
      y === null ||
      JSON.stringify(x) !== JSON.stringify(y)
    )
      return false;
  }
  for (const k in rb) if (k !== 'children' && !(k in ra)) return false;
  return true;
}

/** A VM row's own data, field by field: VM rows are nearly all of a big tree, and a generic walk of their keys cost
 * 20,000 key loops per event. `vmRowFields` is checked against a built row's keys by a unit test. */
export const vmRowFields = [
  'id',
  'label',
  'description',
  'contextValue',
  'displayState',
] as const satisfies readonly (keyof VmTreeNode)[];

function sameVmRow(a: VmTreeNode, b: VmTreeNode): boolean {
  for (const k of vmRowFields) if (a[k] !== b[k]) return false;
  return a.vm === b.vm || JSON.stringify(a.vm) === JSON.stringify(b.vm);
}

function sameIds(a: readonly TreeNode[], b: readonly TreeNode[]): boolean {
  return a.length === b.length && a.every((n, i) => n.id === b[i]!.id);
}
