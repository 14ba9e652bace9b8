// The lab fidelity comparison itself (test/lab/fidelity/compare.ts): it must report each kind of difference the
// lab could have from the real modules, and nothing when they agree.
import assert from 'node:assert/strict';
import {
  compareCall,
  compareCommand,
  compareType,
  findRealType,
  realSets,
  type LabCommand,
  type RealCommand,
} from '../../lab/fidelity/compare';

const same = (t: string): string => t;

const real: RealCommand = {
  defaultParameterSet: 'VMName',
  parameters: {
    VMName: {
      type: 'string',
      aliases: [],
      validation: ['[ValidateNotNullOrEmpty()]'],
      sets: { VMName: { Mandatory: true, Position: 0, ValueFromPipeline: true } },
    },
    ManagementOS: { type: 'switch', aliases: [], validation: [], sets: { ManagementOS: { Mandatory: true } } },
    DynamicMacAddress: { type: 'switch', aliases: [], validation: [], sets: { VMName: {} } },
    IovWeight: { type: 'uint32?', aliases: [], validation: ['[ValidateNotNull()]'], sets: {} },
    Name: {
      type: 'string',
      aliases: ['VMNetworkAdapterName'],
      validation: [],
      sets: { __AllParameterSets: { Position: 1 } },
    },
  },
};

function lab(): LabCommand {
  const all = (position: number | null = null) => [
    { set: '__AllParameterSets', mandatory: false, position, byValue: false, byPropertyName: false },
  ];
  return {
    name: 'Set-X',
    defaultParameterSet: 'VMName',
    parameterSets: ['VMName', 'ManagementOS'],
    parameters: [
      {
        name: 'VMName',
        type: 'string',
        aliases: [],
        validation: ['[ValidateNotNullOrEmpty()]'],
        sets: [{ set: 'VMName', mandatory: true, position: 0, byValue: true, byPropertyName: false }],
      },
      {
        name: 'ManagementOS',
        type: 'switch',
        aliases: [],
        validation: [],
        sets: [{ set: 'ManagementOS', mandatory: true, position: null, byValue: false, byPropertyName: false }],
      },
      {
        name: 'DynamicMacAddress',
        type: 'switch',
        aliases: [],
        validation: [],
        sets: [{ set: 'VMName', mandatory: false, position: null, byValue: false, byPropertyName: false }],
      },
      { name: 'IovWeight', type: 'uint32?', aliases: [], validation: ['[ValidateNotNull()]'], sets: all() },
      { name: 'Name', type: 'string', aliases: ['VMNetworkAdapterName'], validation: [], sets: all(1) },
    ],
  };
}

describe('lab fidelity comparison', function () {
  it('finds nothing when the lab command is the real one', function () {
    assert.deepEqual(compareCommand(lab(), real, same), []);
  });

  it('reports a parameter the real cmdlet lacks, a lab-only alias and a parameter in a set it is not in', function () {
    const l = lab();
    l.parameters.push({
      name: 'InputObject',
      type: 'psobject',
      aliases: [],
      validation: [],
      sets: [{ set: '__AllParameterSets', mandatory: false, position: null, byValue: true, byPropertyName: false }],
    });
    const dyn = l.parameters.find((p) => p.name === 'DynamicMacAddress')!;
    dyn.aliases = ['Dynamic'];
    dyn.sets.push({ set: 'ManagementOS', mandatory: false, position: null, byValue: false, byPropertyName: false });
    assert.deepEqual(compareCommand(l, real, same), [
      '-DynamicMacAddress aliases [Dynamic], real [none]',
      "-DynamicMacAddress is in set 'ManagementOS'; the real one is not",
      '-InputObject is not a parameter of the real cmdlet',
    ]);
  });

  it('reports a missing validation attribute (the lab would accept $null), swapped positions and a missing mandatory parameter', function () {
    const l = lab();
    l.parameters.find((p) => p.name === 'IovWeight')!.validation = [];
    l.parameters.find((p) => p.name === 'Name')!.sets[0]!.position = 2;
    l.parameters = l.parameters.filter((p) => p.name !== 'ManagementOS');
    assert.deepEqual(compareCommand(l, real, same), [
      '-IovWeight validation none, real [ValidateNotNull()]',
      "-Name in set 'VMName': position 2, real 1",
      "-Name in set 'ManagementOS': position 2, real 1",
      "-ManagementOS (mandatory in set 'ManagementOS') is missing",
    ]);
  });

  it('reports a lab without the real parameter sets, and a type that differs', function () {
    const l = lab();
    l.parameterSets = ['__AllParameterSets'];
    l.defaultParameterSet = null;
    l.parameters.find((p) => p.name === 'IovWeight')!.type = 'uint32';
    assert.deepEqual(compareCommand(l, real, same), [
      'declares no parameter sets; the real cmdlet has ManagementOS, VMName',
      "default parameter set 'none', real 'VMName'",
      '-IovWeight type uint32, real uint32?',
    ]);
    assert.deepEqual(
      realSets({ defaultParameterSet: null, parameters: { A: { type: 'x', aliases: [], validation: [], sets: {} } } }),
      ['__AllParameterSets'],
    );
  });

  it('compares enums by name and value, and class properties by type, including what the product reads', function () {
    const realEnum = { enum: { RealizedVirtualMachine: 3, PlannedVirtualMachine: 4 } };
    assert.deepEqual(
      compareType(
        { name: 'E', kind: 'enum', values: { Realized: 3, PlannedVirtualMachine: 4 } },
        realEnum,
        new Set(),
        new Set(),
      ),
      [
        'enum name Realized (3) is not a real name (real: RealizedVirtualMachine=3, PlannedVirtualMachine=4)',
        'real enum name RealizedVirtualMachine (3) is missing',
      ],
    );
    const realClass = {
      properties: {
        DrainTarget: 'System.UInt32',
        Groups: 'System.Collections.Generic.IReadOnlyList<X>',
        State: 'E',
        Any: 'System.Object',
      },
    };
    const labClass = {
      name: 'C',
      kind: 'class' as const,
      abstract: false,
      properties: { DrainTarget: 'System.String', Groups: 'System.Object', Any: 'System.Int32', VMId: 'System.Guid' },
    };
    assert.deepEqual(compareType(labClass, realClass, new Set(['state']), new Set()), [
      '.DrainTarget type System.String, real System.UInt32',
      '.VMId is not a property of the real type',
      ".State (the product's scripts read it) is missing",
    ]);
    // an unmodelled object stands in only where the product does not read it
    assert.deepEqual(compareType(labClass, realClass, new Set(['groups']), new Set(['VMId', 'DrainTarget'])), [
      '.Groups type System.Object, real System.Collections.Generic.IReadOnlyList<X>',
    ]);
    assert.deepEqual(findRealType({ 'N.Inner': realEnum }, 'N.Outer+Inner'), realEnum);
  });

  it("checks the product's calls: real names, aliases, unique prefixes and common parameters pass; others do not", function () {
    const call = (parameters: string[]) => compareCall({ script: 's.ps1', command: 'Set-X', parameters }, real);
    assert.deepEqual(call(['VMName', 'VMNetworkAdapterName', 'Iov', 'ErrorAction', 'ea', 'WhatIf']), []);
    assert.deepEqual(call(['Dynamic', 'InputObject', 'V']), [
      's.ps1: Set-X -InputObject is not a parameter of the real cmdlet',
      's.ps1: Set-X -V is ambiguous',
    ]);
  });
});
