import resumeText from '../../../scripts/cluster-resume-node.ps1';
import suspendText from '../../../scripts/cluster-suspend-node.ps1';
import { asObject, optStr, str } from '../../json/read';
import { hostScript, type HostOperation } from '../../../contract/hostOperation';
import type { NodeDrainInfo } from './pollMigrations';

const suspendScript = hostScript('cluster-suspend-node.ps1', suspendText);
const resumeScript = hostScript('cluster-resume-node.ps1', resumeText);

export type FailbackType = 'NoFailback' | 'Immediate' | 'Policy';

function parseNode(value: unknown): NodeDrainInfo {
  const o = asObject(value, 'node');
  return {
    name: str(o, 'name', 'node'),
    state: str(o, 'state', 'node'),
    drainStatus: optStr(o, 'drainStatus', 'node'),
    failbackStatus: optStr(o, 'failbackStatus', 'node'),
  };
}

/** Suspend-ClusterNode -Drain (returns once the drain has begun). */
export function suspendClusterNode(node: string, targetNode?: string): HostOperation<NodeDrainInfo> {
  // Not idempotent: a second drain of a node already paused fails, hiding that the first one began.
  return {
    script: suspendScript,
    parameters: targetNode ? { Node: node, TargetNode: targetNode } : { Node: node },
    idempotent: false,
    parse: parseNode,
  };
}

/** Resume-ClusterNode -Failback. */
export function resumeClusterNode(node: string, failback: FailbackType): HostOperation<NodeDrainInfo> {
  // Not idempotent: a second resume meets a node already up (and may fail roles back again).
  return { script: resumeScript, parameters: { Node: node, Failback: failback }, idempotent: false, parse: parseNode };
}
