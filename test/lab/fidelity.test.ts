// Fidelity of the simulated lab, checked against the real modules rather than against itself: the facts in
// test/lab/fidelity/real (signatures and object shapes extracted from the real Hyper-V, FailoverClusters and
// CimCmdlets modules, and SmbShare's bandwidth limit cmdlets from Microsoft's reference; see its README) against
// what the lab modules define, read from pwsh's own metadata.
// Every command the lab defines, every parameter of it, every type it declares in the real namespaces and every
// real property the product's host scripts read is compared; so is every real-module call in those scripts.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PWSH, REPO } from '../support/lab';
import {
  compareCall,
  compareCommand,
  compareType,
  findRealType,
  type LabCommand,
  type LabType,
  type ProductCall,
  type RealCommand,
  type RealType,
} from './fidelity/compare';
import { labOnlyProperties, labOnlyTypes, parameterTypeChoices } from './fidelity/labChoices';

const FACTS = join(__dirname, 'fidelity', 'real');
const readJson = <T>(name: string): T => JSON.parse(readFileSync(join(FACTS, name), 'utf8')) as T;
/** The SMB bandwidth limit cmdlets, written from Microsoft's reference (the stub data has no SmbShare module). */
const smbShare = readJson<{ commands: Record<string, RealCommand>; types: Record<string, RealType> }>('smbshare.json');
const realCommands: Record<string, RealCommand> = {
  ...readJson<Record<string, RealCommand>>('cmdlets.json'),
  ...readJson<Record<string, RealCommand>>('cimcmdlets.json'),
  ...smbShare.commands,
};
const realTypes = { ...readJson<Record<string, RealType>>('types.json'), ...smbShare.types };
const hyperV2016 = readJson<{
  'Set-VMNetworkAdapter': { parameters: string[]; parameterTypes: Record<string, string> };
  'Microsoft.HyperV.PowerShell.VMNetworkAdapterBase': { properties: Record<string, string>; absentIn2016: string[] };
}>('hyperv-2016.json');

export interface LabDump {
  importErrors: string[];
  commands: (LabCommand & { module: string })[];
  aliases: { name: string; target: string }[];
  types: LabType[];
  resolvedTypes: Record<string, string | null>;
  productReads: string[];
  productCalls: ProductCall[];
}

/** Runs dump.ps1 against the lab modules (HVFID_MODULES: another module folder, to check this test itself). */
export function dumpLab(extraEnv: NodeJS.ProcessEnv = {}): Promise<LabDump> {
  const realTypeNames = [
    ...new Set([
      ...Object.values(realCommands).flatMap((c) => Object.values(c.parameters).map((p) => p.type)),
      ...Object.values(hyperV2016['Set-VMNetworkAdapter'].parameterTypes),
    ]),
  ];
  const request = {
    realTypes: realTypeNames,
    realCommands: Object.keys(realCommands),
    scripts: join(REPO, 'src', 'scripts'),
  };
  return new Promise((resolve, reject) => {
    execFile(
      PWSH,
      ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', join(__dirname, 'fidelity', 'dump.ps1')],
      {
        env: {
          ...process.env,
          PSModulePath: process.env.HVFID_MODULES ?? join(REPO, 'lab', 'modules'),
          HVFID_REQUEST: JSON.stringify(request),
          HVLAB_HOST: '',
          POWERSHELL_TELEMETRY_OPTOUT: '1',
          TERM: 'dumb',
          ...extraEnv,
        },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 240_000,
      },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith('@@FIDELITY@@'));
        if (!line)
          return reject(
            new Error(`pwsh metadata dump failed: ${error?.message ?? ''}\n${stderr}\n${stdout.slice(-2000)}`),
          );
        resolve(JSON.parse(line.slice('@@FIDELITY@@'.length)) as LabDump);
      },
    );
  });
}

function report(diffs: string[]): string {
  return `${diffs.length} difference(s) from the real modules:\n  ${diffs.join('\n  ')}`;
}

describe('lab fidelity: the lab against the real Hyper-V, FailoverClusters and CimCmdlets modules', function () {
  this.timeout(300_000);
  let lab: LabDump;
  const resolve = (t: string): string | null => lab.resolvedTypes[t] ?? null;

  before(async function () {
    lab = await dumpLab();
  });

  it('the lab modules import', function () {
    assert.deepEqual(lab.importErrors, []);
  });

  it('every command the lab defines has real facts, and binds parameters like the real cmdlet', function () {
    assert.ok(lab.commands.length >= 30, `only ${lab.commands.length} lab commands were read`);
    const diffs: string[] = [];
    for (const c of lab.commands) {
      const real = realCommands[c.name];
      if (!real) {
        diffs.push(
          `${c.name}: no real-module facts (a command the real ${c.module} module lacks, or run test/lab/fidelity/real/trim.ts)`,
        );
        continue;
      }
      diffs.push(...compareCommand(c, real, resolve, parameterTypeChoices[c.name]).map((x) => `${c.name}: ${x}`));
    }
    for (const a of lab.aliases)
      if (!realCommands[a.target]) diffs.push(`alias ${a.name} -> ${a.target}: no real command ${a.target}`);
    assert.deepEqual(diffs, [], report(diffs));
  });

  it('every type the lab declares in the real namespaces has the real shape and enum values', function () {
    const reads = new Set(lab.productReads.map((r) => r.toLowerCase()));
    const diffs: string[] = [];
    let compared = 0;
    for (const t of lab.types) {
      const real = findRealType(realTypes, t.name);
      if (!real) {
        if (!labOnlyTypes[t.name]) diffs.push(`${t.name}: not a type of the real modules`);
        continue;
      }
      compared++;
      const own = new Set(Object.keys(labOnlyProperties[t.name] ?? {}));
      diffs.push(...compareType(t, real, reads, own).map((x) => `${t.name}: ${x}`));
    }
    assert.ok(compared >= 50, `only ${compared} lab types were compared`);
    assert.deepEqual(diffs, [], report(diffs));
  });

  it("the product's host scripts call only real parameters of real commands", function () {
    assert.ok(lab.productCalls.length >= 30, `only ${lab.productCalls.length} calls were found`);
    const diffs = lab.productCalls.flatMap((call) => compareCall(call, realCommands[call.command]!));
    assert.deepEqual(diffs, [], report(diffs));
  });

  it('every recorded lab choice is still needed, and the product never reads a lab-only property', function () {
    const diffs: string[] = [];
    const declared = new Set(lab.types.map((t) => t.name));
    for (const name of Object.keys(labOnlyTypes)) {
      if (!declared.has(name)) diffs.push(`labOnlyTypes: ${name} is no longer declared by the lab`);
      else if (findRealType(realTypes, name))
        diffs.push(`labOnlyTypes: ${name} is a real type now; compare it instead`);
    }
    const reads = new Set(lab.productReads.map((r) => r.toLowerCase()));
    for (const [type, props] of Object.entries(labOnlyProperties)) {
      for (const p of Object.keys(props))
        if (reads.has(p.toLowerCase()))
          diffs.push(`${type}.${p} is lab-only, but the product's scripts read a property of that name`);
    }
    for (const [command, params] of Object.entries(parameterTypeChoices)) {
      const c = lab.commands.find((x) => x.name === command);
      for (const p of Object.keys(params)) {
        const lp = c?.parameters.find((x) => x.name === p);
        const rp = realCommands[command]?.parameters[p];
        if (!lp || !rp) diffs.push(`parameterTypeChoices: ${command} -${p} is gone`);
        else if (lp.type === (resolve(rp.type) ?? rp.type))
          diffs.push(`parameterTypeChoices: ${command} -${p} has the real type now`);
      }
    }
    assert.deepEqual(diffs, [], diffs.join('\n'));
  });
});

// Per host version (lab/modules/LabCore: Get-LabShape): a lab host loads the shape of its Windows Server version.
describe("lab fidelity: Windows Server 2016 and 2019 hosts have their own modules' shape", function () {
  this.timeout(300_000);
  const adapterFacts = hyperV2016['Microsoft.HyperV.PowerShell.VMNetworkAdapterBase'];
  const setFacts = hyperV2016['Set-VMNetworkAdapter'];
  const typeOf = (d: LabDump, name: string): Record<string, string> => {
    const t = d.types.find((x) => x.name === name);
    return t && t.kind === 'class' ? t.properties : {};
  };
  let old: LabDump;
  let v2019: LabDump;
  let newest: LabDump;

  before(async function () {
    [old, v2019, newest] = await Promise.all([
      dumpLab({ HVLAB_SHAPE: 'hv2016' }),
      dumpLab({ HVLAB_SHAPE: 'hv2019' }),
      dumpLab({ HVLAB_SHAPE: 'hv2019-mpm' }),
    ]);
  });

  it('a 2016 host takes only the 2016 parameters of Set-VMNetworkAdapter, -VmmqQueuePairs as a parameter of its own', function () {
    const cmd = old.commands.find((c) => c.name === 'Set-VMNetworkAdapter')!;
    const extra = cmd.parameters.map((p) => p.name).filter((n) => !setFacts.parameters.includes(n));
    assert.deepEqual(extra, [], `parameters a 2016 host does not have: ${extra.join(', ')}`);
    const vmmq = cmd.parameters.find((p) => p.name === 'VmmqQueuePairs');
    assert.equal(vmmq?.type, old.resolvedTypes[setFacts.parameterTypes.VmmqQueuePairs!]);
    const newer = v2019.commands.find((c) => c.name === 'Set-VMNetworkAdapter')!;
    assert.deepEqual(newer.parameters.find((p) => p.name === 'VrssMaxQueuePairs')?.aliases, ['VmmqQueuePairs']);
  });

  it("a 2016 host's adapters carry VmmqQueuePairs(Requested) and none of the 2019-era vRSS properties", function () {
    const props = typeOf(old, 'Microsoft.HyperV.PowerShell.VMNetworkAdapterBase');
    for (const [n, t] of Object.entries(adapterFacts.properties))
      assert.equal(props[n], t, `VMNetworkAdapterBase.${n}`);
    assert.deepEqual(
      adapterFacts.absentIn2016.filter((n) => n in props),
      [],
    );
    const newer = typeOf(v2019, 'Microsoft.HyperV.PowerShell.VMNetworkAdapterBase');
    assert.deepEqual(
      adapterFacts.absentIn2016.filter((n) => !(n in newer)),
      [],
    );
    assert.ok(!('VmmqQueuePairs' in newer));
  });

  it('clusters before the September 2022 update have no MaximumParallelMigrations; later ones have it as UInt32', function () {
    assert.ok(!('MaximumParallelMigrations' in typeOf(old, 'Microsoft.FailoverClusters.PowerShell.Cluster')));
    assert.ok(!('MaximumParallelMigrations' in typeOf(v2019, 'Microsoft.FailoverClusters.PowerShell.Cluster')));
    const real = realTypes['Microsoft.FailoverClusters.PowerShell.Cluster'];
    assert.ok(real && 'properties' in real);
    assert.equal(
      typeOf(newest, 'Microsoft.FailoverClusters.PowerShell.Cluster').MaximumParallelMigrations,
      real.properties.MaximumParallelMigrations,
    );
  });
});
