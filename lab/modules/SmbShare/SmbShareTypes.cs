// The enum of the SmbShare module's bandwidth limit cmdlets, in the namespace the real module's CDXML
// (SmbBandwidthLimit.cdxml) generates. Names from Microsoft's SmbShare reference (Default, VirtualMachine,
// LiveMigration; StorageReplication in the 2016 and later references); values from the MSFT_SmbBandwidthLimit class
// (Category 0, 1, 2), StorageReplication's 3 inferred from its place after them.
namespace Microsoft.PowerShell.Cmdletization.GeneratedTypes.SmbBandwidthLimit
{
    public enum BandwidthLimitCategory : uint { Default = 0, VirtualMachine = 1, LiveMigration = 2, StorageReplication = 3 }
}
