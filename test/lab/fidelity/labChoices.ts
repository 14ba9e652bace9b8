// Where the lab knowingly differs from the real-module facts, and why. The fidelity test fails when an entry here is
// no longer needed, and when the product's scripts read a property listed as lab-only.

/** Types the lab declares in the real namespaces that the real-module data does not list. */
export const labOnlyTypes: Readonly<Record<string, string>> = {
  'Microsoft.HyperV.PowerShell.VirtualizationObject':
    'abstract base holding ComputerName, CimSession and IsDeleted, which every real Hyper-V object has',
  'Microsoft.HyperV.PowerShell.VirtualMachineDevice':
    'abstract base holding Name, Id, VMId, VMName, VMSnapshotId and VMSnapshotName of the device objects',
  'Microsoft.HyperV.PowerShell.VmJob':
    'the job object of -AsJob: a class of the real module (decompiled), absent from the stub data',
  'Microsoft.HyperV.PowerShell.VirtualizationException':
    'the exception type of Hyper-V errors (decompiled module), absent from the stub data',
  'Microsoft.FailoverClusters.PowerShell.ClusterCmdletException':
    'the exception type of cluster cmdlet errors, absent from the stub data',
};

/** Properties the lab adds to real types on purpose. */
export const labOnlyProperties: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'Microsoft.HyperV.PowerShell.VMCompatibilityReport': {
    LabMoveRequest: 'what Compare-VM was asked, so that Move-VM -CompatibilityReport replays the same move',
  },
};

/** Parameters whose type cannot be the real one here. */
export const parameterTypeChoices: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'Invoke-CimMethod': {
    InputObject:
      'real type CimInstance; a CimInstance cannot be created on Linux (no native libmi), so Msvm_MigrationJob objects are PSObjects carrying the CIM type names',
  },
};
