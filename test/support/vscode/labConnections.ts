// The extension's host list for a lab: what a test puts in `hypervMobility.hosts` to reach the lab's hosts.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface LabConnection {
  name: string;
  kind: 'host' | 'cluster';
  transport: 'ssh';
}

/**
 * `hypervMobility.hosts` for the lab that is up in `dir` (from its lab.json): the standalone hosts and the
 * clusters (whose nodes the extension finds and reaches by name), over SSH.
 */
export function labConnections(dir: string): LabConnection[] {
  const file = path.join(dir, 'lab.json');
  if (!existsSync(file)) throw new Error(`${file} not found: is the lab up? (bash lab/bin/lab up)`);
  const lab = JSON.parse(readFileSync(file, 'utf8')) as {
    hosts: { name: string }[];
    clusters: { name: string; nodes: string[] }[];
  };
  const nodes = new Set(lab.clusters.flatMap((c) => c.nodes.map((n) => n.toUpperCase())));
  return [
    ...lab.hosts
      .filter((h) => !nodes.has(h.name.toUpperCase()))
      .map((h) => ({ name: h.name, kind: 'host' as const, transport: 'ssh' as const })),
    ...lab.clusters.map((c) => ({ name: c.name, kind: 'cluster' as const, transport: 'ssh' as const })),
  ];
}
