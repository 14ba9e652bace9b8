// Pure comparison of what the lab defines with the real modules' facts (test/lab/fidelity/real). Every function
// returns the differences as sentences; an empty list means the lab matches.

export interface RealSetAttributes {
  Mandatory?: boolean;
  Position?: number;
  ValueFromPipeline?: boolean;
  ValueFromPipelineByPropertyName?: boolean;
}
export interface RealParameter {
  type: string;
  aliases: string[];
  validation: string[];
  sets: Record<string, RealSetAttributes>;
}
export interface RealCommand {
  defaultParameterSet: string | null;
  parameters: Record<string, RealParameter>;
}
export type RealType = { enum: Record<string, number> } | { properties: Record<string, string> };

export interface LabSetAttributes {
  set: string;
  mandatory: boolean;
  position: number | null;
  byValue: boolean;
  byPropertyName: boolean;
}
export interface LabParameter {
  name: string;
  type: string;
  aliases: string[];
  validation: string[];
  sets: LabSetAttributes[];
}
export interface LabCommand {
  name: string;
  defaultParameterSet: string | null;
  parameterSets: string[];
  parameters: LabParameter[];
}
export type LabType =
  | { name: string; kind: 'enum'; values: Record<string, number> }
  | { name: string; kind: 'class'; abstract: boolean; properties: Record<string, string> };

const ALL = '__AllParameterSets';
const lower = (xs: readonly string[]): string =>
  [...xs]
    .map((x) => x.toLowerCase())
    .sort()
    .join(', ');
const list = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : 'none');
const pos = (p: number | null | undefined): string => (p === null || p === undefined ? 'named' : String(p));

/** The parameter sets of a real command (a command without named sets has the one set __AllParameterSets). */
export function realSets(cmd: RealCommand): string[] {
  const sets = new Set<string>();
  for (const p of Object.values(cmd.parameters)) for (const s of Object.keys(p.sets)) if (s !== ALL) sets.add(s);
  if (cmd.defaultParameterSet) sets.add(cmd.defaultParameterSet);
  return sets.size ? [...sets].sort() : [ALL];
}

/** A real parameter's attributes in a set, or undefined when it is not in that set. No Parameter attribute = every set. */
function realIn(p: RealParameter, set: string): RealSetAttributes | undefined {
  if (p.sets[set]) return p.sets[set];
  if (p.sets[ALL]) return p.sets[ALL];
  return Object.keys(p.sets).length === 0 ? {} : undefined;
}

function labIn(p: LabParameter, set: string): LabSetAttributes | undefined {
  return p.sets.find((s) => s.set === set) ?? p.sets.find((s) => s.set === ALL);
}

function findReal(cmd: RealCommand, name: string): [string, RealParameter] | undefined {
  const hit = Object.entries(cmd.parameters).find(([n]) => n.toLowerCase() === name.toLowerCase());
  return hit;
}

function compareSetAttributes(where: string, lab: LabSetAttributes, real: RealSetAttributes): string[] {
  const d: string[] = [];
  const yes = (b: boolean | undefined): boolean => b === true;
  if (lab.mandatory !== yes(real.Mandatory))
    d.push(`${where}: ${lab.mandatory ? 'mandatory' : 'optional'}, real ${real.Mandatory ? 'mandatory' : 'optional'}`);
  if ((lab.position ?? null) !== (real.Position ?? null))
    d.push(`${where}: position ${pos(lab.position)}, real ${pos(real.Position)}`);
  if (lab.byValue !== yes(real.ValueFromPipeline))
    d.push(`${where}: pipeline by value ${lab.byValue ? 'on' : 'off'}, real ${real.ValueFromPipeline ? 'on' : 'off'}`);
  if (lab.byPropertyName !== yes(real.ValueFromPipelineByPropertyName)) {
    d.push(
      `${where}: pipeline by property name ${lab.byPropertyName ? 'on' : 'off'}, real ${real.ValueFromPipelineByPropertyName ? 'on' : 'off'}`,
    );
  }
  return d;
}

/**
 * Every difference between a lab command and the real one. `resolveType` maps a real type name to the notation of
 * the lab's metadata (null when PowerShell cannot resolve it here). The lab may leave out optional real parameters
 * and whole parameter sets; everything it does define must be as the real cmdlet has it.
 */
export function compareCommand(
  lab: LabCommand,
  real: RealCommand,
  resolveType: (t: string) => string | null,
  typeChoices: Readonly<Record<string, string>> = {},
): string[] {
  const d: string[] = [];
  const rSets = realSets(real);
  const lSets = lab.parameterSets.filter((s) => rSets.includes(s));
  for (const s of lab.parameterSets) {
    if (rSets.includes(s)) continue;
    d.push(
      s === ALL
        ? `declares no parameter sets; the real cmdlet has ${list(rSets)}`
        : `parameter set '${s}' is not a set of the real cmdlet (${list(rSets)})`,
    );
  }
  if ((lab.defaultParameterSet ?? null) !== (real.defaultParameterSet ?? null)) {
    d.push(
      `default parameter set '${lab.defaultParameterSet ?? 'none'}', real '${real.defaultParameterSet ?? 'none'}'`,
    );
  }
  for (const lp of lab.parameters) {
    const hit = findReal(real, lp.name);
    if (!hit) {
      const aliasOf = Object.entries(real.parameters).find(([, rp]) =>
        rp.aliases.some((a) => a.toLowerCase() === lp.name.toLowerCase()),
      );
      d.push(
        aliasOf
          ? `-${lp.name} is a parameter; in the real cmdlet it is an alias of -${aliasOf[0]}`
          : `-${lp.name} is not a parameter of the real cmdlet`,
      );
      continue;
    }
    const [rName, rp] = hit;
    if (rName !== lp.name) d.push(`-${lp.name} is spelled -${rName} in the real cmdlet`);
    const want = resolveType(rp.type) ?? rp.type;
    if (lp.type !== want && !typeChoices[lp.name]) d.push(`-${lp.name} type ${lp.type}, real ${want}`);
    if (lower(lp.aliases) !== lower(rp.aliases))
      d.push(`-${lp.name} aliases [${list(lp.aliases)}], real [${list(rp.aliases)}]`);
    if ([...lp.validation].sort().join(' ') !== [...rp.validation].sort().join(' ')) {
      d.push(`-${lp.name} validation ${list(lp.validation)}, real ${list(rp.validation)}`);
    }
    for (const s of lSets) {
      const la = labIn(lp, s);
      const ra = realIn(rp, s);
      if (la && !ra) d.push(`-${lp.name} is in set '${s}'; the real one is not`);
      else if (!la && ra) d.push(`-${lp.name} is not in set '${s}'; the real one is`);
      else if (la && ra) d.push(...compareSetAttributes(`-${lp.name} in set '${s}'`, la, ra));
    }
  }
  for (const s of lSets) {
    for (const [rName, rp] of Object.entries(real.parameters)) {
      if (realIn(rp, s)?.Mandatory !== true) continue;
      if (!lab.parameters.some((lp) => lp.name.toLowerCase() === rName.toLowerCase()))
        d.push(`-${rName} (mandatory in set '${s}') is missing`);
    }
  }
  return d;
}

/** The real facts of a type; a nested type (Outer+Inner) may be recorded under its namespace. */
export function findRealType(types: Record<string, RealType>, name: string): RealType | undefined {
  if (types[name]) return types[name];
  const m = /^(.*)\.[^.+]+\+([^.+]+)$/.exec(name);
  return m ? types[`${m[1]!}.${m[2]!}`] : undefined;
}

/**
 * Differences between a lab type and the real one. Enums: the same names with the same values. Classes: every lab
 * property exists with the same type (a real System.Object, flattened by the stub generator, matches anything; a lab
 * System.Object stands for an unmodelled object only where the product does not read it), and every real property
 * the product reads exists. `labOnly` names properties the lab adds on purpose (the product must never read them).
 */
export function compareType(
  lab: LabType,
  real: RealType,
  productReads: ReadonlySet<string>,
  labOnly: ReadonlySet<string>,
): string[] {
  const d: string[] = [];
  if (lab.kind === 'enum') {
    if (!('enum' in real)) return ['is an enum; the real type is a class'];
    for (const [n, v] of Object.entries(lab.values)) {
      if (!(n in real.enum))
        d.push(
          `enum name ${n} (${v}) is not a real name (real: ${Object.entries(real.enum)
            .map(([k, x]) => `${k}=${x}`)
            .join(', ')})`,
        );
      else if (real.enum[n] !== v) d.push(`${n} = ${v}, real ${real.enum[n]}`);
    }
    for (const n of Object.keys(real.enum))
      if (!(n in lab.values)) d.push(`real enum name ${n} (${real.enum[n]}) is missing`);
    return d;
  }
  if (!('properties' in real)) return ['is a class; the real type is an enum'];
  const rp = real.properties;
  if (Object.keys(rp).length === 0) return [];
  for (const [n, t] of Object.entries(lab.properties)) {
    if (labOnly.has(n)) continue;
    const rt = rp[n];
    if (rt === undefined) {
      d.push(`.${n} is not a property of the real type`);
      continue;
    }
    if (rt === 'System.Object' || rt === t) continue;
    const opaque = (t === 'System.Object' || t === 'System.Object[]') && !productReads.has(n.toLowerCase());
    if (!opaque) d.push(`.${n} type ${t}, real ${rt}`);
  }
  for (const n of Object.keys(rp)) {
    if (productReads.has(n.toLowerCase()) && !(n in lab.properties))
      d.push(`.${n} (the product's scripts read it) is missing`);
  }
  return d;
}

export interface ProductCall {
  script: string;
  command: string;
  parameters: string[];
}

const COMMON = [
  'Verbose',
  'Debug',
  'ErrorAction',
  'WarningAction',
  'InformationAction',
  'ProgressAction',
  'ErrorVariable',
  'WarningVariable',
  'InformationVariable',
  'OutVariable',
  'OutBuffer',
  'PipelineVariable',
  'WhatIf',
  'Confirm',
];
const COMMON_ALIASES = ['vb', 'db', 'ea', 'wa', 'infa', 'proga', 'ev', 'wv', 'iv', 'ov', 'ob', 'pv', 'wi', 'cf'];

/** A parameter the product passes must name a real parameter (exactly, by alias, or by an unambiguous prefix). */
export function compareCall(call: ProductCall, real: RealCommand): string[] {
  const d: string[] = [];
  const names = Object.entries(real.parameters).flatMap(([n, p]) =>
    [n, ...p.aliases].map((x) => [x.toLowerCase(), n] as const),
  );
  for (const c of COMMON) names.push([c.toLowerCase(), c]);
  for (const a of COMMON_ALIASES) names.push([a, a]);
  for (const used of call.parameters) {
    const u = used.toLowerCase();
    const exact = names.filter(([x]) => x === u);
    const prefix = new Set(names.filter(([x]) => x.startsWith(u)).map(([, n]) => n));
    if (exact.length === 0 && prefix.size !== 1) {
      d.push(
        `${call.script}: ${call.command} -${used} ${prefix.size ? 'is ambiguous' : 'is not a parameter of the real cmdlet'}`,
      );
    }
  }
  return d;
}
