/** From what each host answered to the readiness report: its own checks, then every ordered pair of hosts. */
import { hostChecks } from './evaluateHost';
import { pairChecks, type AnsweredHost } from './evaluatePair';
import {
  statusOrder,
  worst,
  type CheckStatus,
  type HostInput,
  type HostSection,
  type PairSection,
  type ReadinessCheck,
  type ReadinessReport,
} from './model';

export function evaluateReadiness(inputs: readonly HostInput[]): ReadinessReport {
  const answered: AnsweredHost[] = [];
  for (const i of inputs) {
    const migration = i.answer.ok ? i.answer.facts.hyperV.migration : undefined;
    if (i.answer.ok && migration && i.answer.facts.hyperV.module)
      answered.push({ name: i.name, connection: i.connection, facts: i.answer.facts, migration });
  }
  const authentication = new Map(answered.map((h) => [h.name, h.migration.authenticationType]));
  const hosts: HostSection[] = inputs.map((i) => {
    const checks = hostChecks(i, { authentication });
    return {
      host: i.name,
      cluster: i.answer.ok ? i.answer.facts.hyperV.cluster : undefined,
      reachable: i.answer.ok,
      status: worst(checks.map((c) => c.status)),
      checks,
    };
  });
  // Writing delegation needs the ActiveDirectory module and a session that reached a domain controller.
  const directoryWriter = answered.find(
    (h) => h.facts.directory.read && h.facts.directory.source === 'ActiveDirectory',
  )?.name;
  const pairs: PairSection[] = [];
  for (const src of answered) {
    for (const dst of answered) {
      if (src === dst) continue;
      // The source's own session writes its account when it can: it just read it there.
      const own =
        src.facts.directory.read && src.facts.directory.source === 'ActiveDirectory' ? src.name : directoryWriter;
      const checks = pairChecks(src, dst, { directoryWriter: own });
      pairs.push({ source: src.name, destination: dst.name, status: worst(checks.map((c) => c.status)), checks });
    }
  }
  const all = [...hosts.flatMap((h) => h.checks), ...pairs.flatMap((p) => p.checks)];
  const counts = Object.fromEntries(statusOrder.map((s) => [s, all.filter((c) => c.status === s).length])) as Record<
    CheckStatus,
    number
  >;
  return { hosts, pairs, status: worst(all.map((c) => c.status)), counts };
}

/** A check of the report by its id (what the page sends back when the user asks for a fix or its script). */
export function findCheck(report: ReadinessReport, id: string): ReadinessCheck | undefined {
  for (const section of [...report.hosts, ...report.pairs]) {
    const hit = section.checks.find((c) => c.id === id);
    if (hit) return hit;
  }
  return undefined;
}
