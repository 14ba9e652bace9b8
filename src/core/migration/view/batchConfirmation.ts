import { plural } from '../../format/words';
import { addUpNeeds } from '../batchNeeds';
import { uniqueFixes, type CheckedMove, type Confirmation } from './confirmation';
import type { DropRefusal } from '../drop';
import { filesPlacementOf } from '../planSteps';
import type { PreflightItem } from '../preflight';
import { placementShort } from '../placement';
import { nameKey } from '../../names';

/**
 * The confirmation of several moves at once (a multi-VM drop, an evacuation, the VMs beside a drain): one line per
 * VM, each problem said once with the VMs it hits, and the whole never taller than the window (a modal dialog does
 * not scroll). The moves without errors can start; the others are left where they are, each with its reasons. The
 * full text (every VM, every reason) is `fullText`, for the log. Pure.
 */
export interface BatchConfirmation extends Confirmation {
  /** Indexes of the moves that start when the user confirms. */
  readonly start: readonly number[];
  /** VMs that stay where they are, and why. */
  readonly left: readonly { readonly vm: string; readonly host: string; readonly reason: string }[];
  readonly fullText: string;
}

/** About as many lines as a modal's detail holds in a 1,000 px window beside its title and buttons. */
export const defaultMaxLines = 24;
/** Characters of a line before the dialog wraps it (it then counts as two). */
const lineWidth = 90;

interface Group {
  readonly mark: string;
  readonly item: PreflightItem;
  readonly text: string;
  readonly vms: string[];
}

type Section = [heading: string, lines: string[]];

export function batchConfirmationOf(
  moves: readonly CheckedMove[],
  refused: readonly DropRefusal[],
  maxLines = defaultMaxLines,
): BatchConfirmation {
  const extra = addUpNeeds(moves);
  const itemsOf = (i: number): PreflightItem[] =>
    [...moves[i]!.report.items, ...(extra[i] ?? [])].filter((x) => x.severity !== 'info');
  const { groups, refsOf } = groupProblems(moves, itemsOf);
  const blocked = (i: number): boolean => itemsOf(i).some((x) => x.severity === 'error');
  const indexes = moves.map((_, i) => i);
  const start = indexes.filter((i) => !blocked(i));
  const leftIndexes = indexes.filter(blocked);
  const warningCount = start.reduce((n, i) => n + itemsOf(i).filter((x) => x.severity === 'warning').length, 0);

  const moveLine = (i: number): string => {
    const m = moves[i]!;
    const refs = refsOf[i]!.length ? `  [${refsOf[i]!.join(', ')}]` : '';
    return `  ${m.plan.request.vm.name}: ${routeText(m)}${refs}`;
  };
  const sections: Section[] = [
    [`Moves (${start.length}):`, start.map(moveLine)],
    [`Left where they are (${leftIndexes.length}):`, leftIndexes.map(moveLine)],
    ['Problems:', groups.map((g, i) => problemLine(g, i + 1))],
    ['Not moved:', refused.map((r) => `  ${r.reason}`)],
  ];
  const summary = summaryOf(start.length, moves.length, warningCount);
  const sources = [...new Set(moves.map((m) => nameKey(m.plan.sourceHost)))];
  const from = sources.length === 1 ? ` from ${moves[0]!.plan.sourceHost}` : '';
  const message =
    start.length === moves.length || start.length === 0
      ? `Move ${plural(moves.length, 'VM')}${from}?`
      : `Move ${start.length} of ${moves.length} VMs${from}?`;
  return {
    message,
    detail: fit(sections, summary, maxLines).join('\n'),
    fullText: [message, ...allLines(sections, summary)].join('\n'),
    startable: start.length > 0,
    warningCount,
    fixes: uniqueFixes(moves, extra),
    start,
    left: leftIndexes.map((i) => leftOf(moves[i]!, itemsOf(i))),
  };
}

interface Grouped {
  /** Each problem once with the VMs it hits, in order of first sight. */
  readonly groups: Group[];
  /** Per move, the numbers ([1], [2]…) of its problems. */
  readonly refsOf: number[][];
}

function groupProblems(moves: readonly CheckedMove[], itemsOf: (i: number) => PreflightItem[]): Grouped {
  const groups = new Map<string, Group>();
  const refsOf: number[][] = moves.map(() => []);
  const keys: string[] = [];
  moves.forEach((m, i) => {
    const name = m.plan.request.vm.name;
    for (const item of itemsOf(i)) {
      // The same problem of several VMs reads the same once the VM's own name is taken out (not out of paths).
      const text = withoutName(`${item.title}: ${item.reason}`, name);
      const key = `${item.severity}|${item.check}|${text}`;
      let g = groups.get(key);
      if (!g) {
        g = { mark: item.severity === 'error' ? '✖' : '⚠', item, text, vms: [] };
        groups.set(key, g);
        keys.push(key);
      }
      if (!g.vms.includes(name)) g.vms.push(name);
      const ref = keys.indexOf(key) + 1;
      if (!refsOf[i]!.includes(ref)) refsOf[i]!.push(ref);
    }
  });
  return { groups: keys.map((k) => groups.get(k)!), refsOf };
}

/** A VM left where it is, with the titles of the errors that keep it there. */
function leftOf(m: CheckedMove, items: PreflightItem[]): BatchConfirmation['left'][number] {
  const reason = items
    .filter((x) => x.severity === 'error')
    .map((x) => x.title)
    .join('; ');
  return { vm: m.plan.request.vm.name, host: m.plan.sourceHost, reason };
}

/** The VMs first: a long reason may be cut at the end, their names never. */
function problemLine(g: Group, n: number): string {
  return `${g.mark} [${n}] ${g.vms.join(', ')}: ${g.text}`;
}

function summaryOf(startCount: number, moveCount: number, warningCount: number): string {
  if (startCount === moveCount) {
    return warningCount
      ? `Preflight: ${plural(warningCount, 'warning')}; the moves start if you accept ${warningCount === 1 ? 'it' : 'them'}.`
      : 'Preflight: no problems found.';
  }
  return startCount
    ? `Preflight: ${startCount} of ${moveCount} moves can start; the others stay where they are.`
    : `Preflight: none of the ${moveCount} moves can start.`;
}

/** Every line, for the log: the sections that have lines, then the summary. */
function allLines(sections: Section[], summary: string): string[] {
  return [
    ...sections
      .filter(([, l]) => l.length)
      .flatMap(([h, l]) => ['', h, ...l])
      .slice(1),
    '',
    summary,
  ];
}

/** "HV-EAST → HV-WEST, files to E:\VMs"; a storage move "on HV-EAST, files to E:\VMs". */
function routeText(m: CheckedMove): string {
  const placement = filesPlacementOf(m.plan);
  const files = placement ? placementShort(placement) : undefined;
  const where =
    m.plan.kind === 'storage' ? `on ${m.plan.sourceHost}` : `${m.plan.sourceHost} → ${m.plan.destinationHost}`;
  return `${where}${files ? `, files to ${files}` : m.plan.kind === 'clustered' ? '' : ', files stay where they are'}`;
}

/** Lines of the dialog: each section shortened (its last lines folded into "… and n more") until the whole fits. */
function fit(sections: Section[], summary: string, maxLines: number): string[] {
  const clip = (s: string): string => (s.length > lineWidth * 2 ? `${s.slice(0, lineWidth * 2 - 1)}…` : s);
  const height = (lines: string[]): number =>
    lines.reduce((n, l) => n + Math.max(1, Math.ceil(l.length / lineWidth)), 0);
  const shown = sections.map(([h, l]) => [h, l.map(clip)] as [string, string[]]).filter(([, l]) => l.length);
  const build = (limits: number[]): string[] => {
    const out: string[] = [];
    shown.forEach(([h, l], i) => {
      const k = limits[i]!;
      out.push(
        '',
        h,
        ...l.slice(0, k),
        ...(l.length > k ? [`  … and ${l.length - k} more (all in the log: Hyper-V: Show Log)`] : []),
      );
    });
    return [...out.slice(1), '', summary];
  };
  const limits = shown.map(([, l]) => l.length);
  // Take a line from the longest section until the text fits; every section keeps at least two lines.
  while (height(build(limits)) > maxLines) {
    let longest = -1;
    limits.forEach((k, i) => {
      if (k > 2 && (longest < 0 || k > limits[longest]!)) longest = i;
    });
    if (longest < 0) break;
    limits[longest]!--;
  }
  return build(limits);
}

/** The text with `name` said as "the VM", except inside paths ("E:\VMs\web-01\web-01.vhdx" stays as it is). */
function withoutName(text: string, name: string): string {
  if (!name) return text;
  let out = '';
  let from = 0;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, from)) {
    // the run of non-blank characters around this occurrence: a path if it holds a separator
    const start = text.slice(0, at).search(/\S*$/);
    const rest = text.slice(at + name.length).search(/\s|$/);
    const inPath = /[\\/]/.test(text.slice(start, at + name.length + rest));
    out += text.slice(from, at) + (inPath ? name : 'the VM');
    from = at + name.length;
  }
  return out + text.slice(from);
}
