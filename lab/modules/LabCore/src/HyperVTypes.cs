// Output types of the Hyper-V module, in the real namespaces, with the real enum names and numeric values
// (docs/hyperv.md). Property names/types follow the Hyper-V module 2.0 class shapes so that scripts written
// for real hosts (type checks, enum comparisons, property access) behave the same against the lab.
using System;
using System.Collections.Generic;

namespace Microsoft.HyperV.PowerShell
{
    public enum VMState { Other = 1, Running = 2, Off = 3, Stopping = 4, Saved = 6, Paused = 9, Starting = 10, Reset = 11,
        Saving = 32773, Pausing = 32776, Resuming = 32777, FastSaved = 32779, FastSaving = 32780, ForceShutdown = 32781,
        ForceReboot = 32782, Hibernated = 32783, ComponentServicing = 32784, RunningCritical = 32785, OffCritical = 32786,
        StoppingCritical = 32787, SavedCritical = 32788, PausedCritical = 32789, StartingCritical = 32790,
        ResetCritical = 32791, SavingCritical = 32792, PausingCritical = 32793, ResumingCritical = 32794,
        FastSavedCritical = 32795, FastSavingCritical = 32796 }

    public enum VMOperationalStatus { Ok = 2, Degraded = 3, PredictiveFailure = 5, InService = 11, Dormant = 15,
        SupportingEntityInError = 16, ApplyingSnapshot = 23769, CreatingSnapshot = 32768, DeletingSnapshot = 32770,
        WaitingToStart = 32771, MergingDisks = 32772, ExportingVirtualMachine = 32773, MigratingVirtualMachine = 32774,
        BackingUpVirtualMachine = 32776, ModifyingUpVirtualMachine = 32777, StorageMigrationPhaseOne = 32778,
        StorageMigrationPhaseTwo = 32779, MigratingPlannedVm = 32780, CheckingCompatibility = 32781,
        ApplicationCriticalState = 32782, CommunicationTimedOut = 32783, CommunicationFailed = 32784, NoIommu = 32785,
        NoIovSupportInNic = 32786, SwitchNotInIovMode = 32787, IovBlockedByPolicy = 32788, IovNoAvailResources = 32789,
        IovGuestDriversNeeded = 32790, CriticalIoError = 32795 }

    public enum VMHeartbeatStatus { Unknown = 0, Disabled = 1, NoContact = 2, Error = 3, LostCommunication = 4,
        OkApplicationsUnknown = 5, OkApplicationsHealthy = 6, OkApplicationsCritical = 7, Paused = 8 }

    public enum VMReplicationState { Disabled = 0, ReadyForInitialReplication = 1, InitialReplicationInProgress = 2,
        WaitingForInitialReplication = 3, Replicating = 4, PreparedForFailover = 5, FailedOverWaitingCompletion = 6,
        FailedOver = 7, Suspended = 8, Error = 9, WaitingForStartResynchronize = 10, Resynchronizing = 11,
        ResynchronizeSuspended = 12, RecoveryInProgress = 13, FailbackInProgress = 14, FailbackComplete = 15,
        WaitingForUpdateCompletion = 16, UpdateError = 17, WaitingForRepurposeCompletion = 18,
        PreparedForSyncReplication = 19, PreparedForGroupReverseReplication = 20, FiredrillInProgress = 21 }
    public enum VMReplicationHealthState { NotApplicable = 0, Normal = 1, Warning = 2, Critical = 3 }
    public enum VMReplicationMode { None = 0, Primary = 1, Replica = 2, TestReplica = 3, ExtendedReplica = 4 }

    public enum VMNetworkAdapterOperationalStatus { Unknown = 0, Other = 1, Ok = 2, Degraded = 3, Stressed = 4,
        PredictiveFailure = 5, Error = 6, NonRecoverableError = 7, Starting = 8, Stopping = 9, Stopped = 10,
        InService = 11, NoContact = 12, LostCommunication = 13, Aborted = 14, Dormant = 15, SupportingEntity = 16,
        Completed = 17, PowerMode = 18, ProtocolVersion = 32775 }

    public enum MigrationAuthenticationType { CredSSP = 0, Kerberos = 1 }
    public enum VMMigrationPerformance { TCPIP = 0, Compression = 1, SMB = 2 }
    public enum ControllerType { IDE = 0, SCSI = 1, PMEM = 2 }
    public enum VMSwitchType { Private = 0, Internal = 1, External = 2 }
    public enum VMSwitchBandwidthMode { Default = 0, Weight = 1, Absolute = 2, None = 3 }
    public enum IovInterruptModerationValue { Default = 0, Adaptive = 1, Off = 2, Low = 100, Medium = 200, High = 300 }
    public enum VrssQueueSchedulingModeType { Dynamic = 0, StaticVmq = 1, StaticVrss = 2 }
    public enum VrssVmbusChannelAffinityPolicyType { None = 1, Weak = 2, Strong = 3, Strict = 4 }
    public enum OnOffState { On = 0, Off = 1 }
    public enum VMNetworkAdapterPortMirroringMode { None = 0, Destination = 1, Source = 2 }
    public enum OperationType { MoveVirtualMachine = 0, ImportVirtualMachine = 1, MoveVirtualMachineAndStorage = 2 }
    public enum CheckpointType { Disabled = 2, Production = 3, ProductionOnly = 4, Standard = 5 }
    public enum SnapshotType { Standard = 0, Recovery = 1, Planned = 2, Missing = 5, Replica = 6,
        AppConsistentReplica = 7, SyncedReplica = 8 }
    public enum StartAction { Nothing = 2, StartIfRunning = 3, Start = 4 }
    public enum StopAction { TurnOff = 2, Save = 3, ShutDown = 4 }
    public enum VirtualMachineType { RealizedVirtualMachine = 3, PlannedVirtualMachine = 4 }
    public enum CacheAttributes { Default = 0, WriteCacheEnabled = 1, WriteCacheAndFUAEnabled = 2, WriteCacheDisabled = 3 }
    public enum VMProcessorOperationalStatus { Ok = 2, HostResourceProtectionFirst = 40000, HostResourceProtectionUnknown = 40000,
        HostResourceProtectionEnabled = 40001, HostResourceProtectionDisabled = 40002, HostResourceProtectionDegradedSuspended = 40003,
        HostResourceProtectionLast = 40004, HostResourceProtectionDegradedFirst = 40020, HostResourceProtectionDegradedSerialPipe = 40020,
        HostResourceProtectionDegradedSynthDebug = 40021, HostResourceProtectionDegradedLegacyNic = 40022,
        HostResourceProtectionDegradedDvdMedia = 40023, HostResourceProtectionDegradedFloppyMedia = 40024,
        HostResourceProtectionDegradedLast = 40025 }
    public enum VirtualMachineSubType { Unknown = 0, Generation1 = 1, Generation2 = 2 }

    /// <summary>The one exception type users see from Hyper-V cmdlets (docs/hyperv.md, "Errors").</summary>
    public class VirtualizationException : Exception
    {
        public VirtualizationException() { }
        public VirtualizationException(string message) : base(message) { }
        public VirtualizationException(string message, Exception inner) : base(message, inner) { }
    }

    /// <summary>Common base so -VM/-VMNetworkAdapter parameters can take any Hyper-V object.</summary>
    public abstract class VirtualizationObject
    {
        public string ComputerName { get; set; }
        public object CimSession { get; set; }
        public bool IsDeleted { get; set; }
    }

    public abstract class VirtualMachineBase : VirtualizationObject
    {
        public string Name { get; set; }
        public Guid Id { get; set; }
        public VMState State { get; set; }
        public int Generation { get; set; }
        public string Version { get; set; }
        public string Path { get; set; }
        public bool IsClustered { get; set; }
        public long ProcessorCount { get; set; }
        public long MemoryStartup { get; set; }
        public bool DynamicMemoryEnabled { get; set; }
        public long MemoryMinimum { get; set; }
        public long MemoryMaximum { get; set; }
        public string Notes { get; set; }
        public DateTime CreationTime { get; set; }
        public Guid? ParentSnapshotId { get; set; }
        public string ParentSnapshotName { get; set; }
        public HardDiskDrive[] HardDrives { get; set; }
        public object[] DVDDrives { get; set; }
        public List<VMNetworkAdapter> NetworkAdapters { get; set; }
        public object FibreChannelHostBusAdapters { get; set; }
        public override string ToString() { return "VirtualMachine (Name = '" + Name + "') [Id = '" + Id + "']"; }
    }

    public class VirtualMachine : VirtualMachineBase
    {
        public string ConfigurationLocation { get; set; }
        public string SnapshotFileLocation { get; set; }
        public string SmartPagingFilePath { get; set; }
        public CheckpointType CheckpointType { get; set; }
        public string Status { get; set; }
        public string[] StatusDescriptions { get; set; }
        public string PrimaryStatusDescription { get; set; }
        public string SecondaryStatusDescription { get; set; }
        public VMOperationalStatus[] OperationalStatus { get; set; }
        public VMOperationalStatus? PrimaryOperationalStatus { get; set; }
        public VMOperationalStatus? SecondaryOperationalStatus { get; set; }
        public int CPUUsage { get; set; }
        public long MemoryAssigned { get; set; }
        public long MemoryDemand { get; set; }
        public string MemoryStatus { get; set; }
        public TimeSpan Uptime { get; set; }
        public bool SmartPagingFileInUse { get; set; }
        public VMReplicationState ReplicationState { get; set; }
        public VMReplicationHealthState ReplicationHealth { get; set; }
        public VMReplicationMode ReplicationMode { get; set; }
        public VMHeartbeatStatus? Heartbeat { get; set; }
        public string IntegrationServicesState { get; set; }
        public Version IntegrationServicesVersion { get; set; }
        public StartAction AutomaticStartAction { get; set; }
        public StopAction AutomaticStopAction { get; set; }
        public int AutomaticStartDelay { get; set; }
        public bool? NumaAligned { get; set; }
        public int NumaNodesCount { get; set; }
        public int NumaSocketCount { get; set; }
        public bool ResourceMeteringEnabled { get; set; }
        public object Groups { get; set; }
        public VirtualMachineType VirtualMachineType { get; set; }
        public VirtualMachineSubType VirtualMachineSubType { get; set; }
    }

    public class VMSnapshot : VirtualMachineBase
    {
        public string VMName { get; set; }
        public Guid VMId { get; set; }
        public SnapshotType SnapshotType { get; set; }
        public bool IsAutomaticCheckpoint { get; set; }
        public override string ToString() { return "VMSnapshot (Name = '" + Name + "') [Id = '" + Id + "']"; }
    }

    public class VMHost : VirtualizationObject
    {
        public string Name { get; set; }
        public string FullyQualifiedDomainName { get; set; }
        public int LogicalProcessorCount { get; set; }
        public long MemoryCapacity { get; set; }
        public string VirtualHardDiskPath { get; set; }
        public string VirtualMachinePath { get; set; }
        public bool VirtualMachineMigrationEnabled { get; set; }
        public MigrationAuthenticationType VirtualMachineMigrationAuthenticationType { get; set; }
        public VMMigrationPerformance VirtualMachineMigrationPerformanceOption { get; set; }
        public uint MaximumVirtualMachineMigrations { get; set; }
        public uint MaximumStorageMigrations { get; set; }
        public bool UseAnyNetworkForMigration { get; set; }
        public bool NumaSpanningEnabled { get; set; }
        public bool EnableEnhancedSessionMode { get; set; }
        public string MacAddressMinimum { get; set; }
        public string MacAddressMaximum { get; set; }
        public string FibreChannelWwnn { get; set; }
        public string FibreChannelWwpnMinimum { get; set; }
        public string FibreChannelWwpnMaximum { get; set; }
        public TimeSpan ResourceMeteringSaveInterval { get; set; }
        public bool IovSupport { get; set; }
        public string[] IovSupportReasons { get; set; }
        public IReadOnlyList<string> SupportedVmVersions { get; set; }
        public object[] InternalNetworkAdapters { get; set; }
        public object[] ExternalNetworkAdapters { get; set; }
        public object[] HostNumaStatus { get; set; }
        public object[] NumaStatus { get; set; }
        public object[] SecureBootTemplates { get; set; }
        public override string ToString() { return "VMHost (ComputerName = '" + Name + "')"; }
    }

    public class VMMigrationNetwork : VirtualizationObject
    {
        public string Subnet { get; set; }
        public int? Priority { get; set; }
        public override string ToString() { return Subnet; }
    }

    public class VMHostSupportedVersion : VirtualizationObject
    {
        public string Name { get; set; }
        public Version Version { get; set; }
        public bool IsDefault { get; set; }
    }

    public abstract class VirtualMachineDevice : VirtualizationObject
    {
        public string Name { get; set; }
        public string Id { get; set; }
        public string VMName { get; set; }
        public Guid VMId { get; set; }
        public Guid VMSnapshotId { get; set; }
        public string VMSnapshotName { get; set; }
    }

    public abstract class Drive : VirtualMachineDevice
    {
        public ControllerType ControllerType { get; set; }
        public int ControllerNumber { get; set; }
        public int ControllerLocation { get; set; }
        public string PoolName { get; set; }
    }

    public class HardDiskDrive : Drive
    {
        public string Path { get; set; }
        public int? DiskNumber { get; set; }
        public ulong? MaximumIOPS { get; set; }
        public ulong? MinimumIOPS { get; set; }
        public Guid? QoSPolicyID { get; set; }
        public bool? SupportPersistentReservations { get; set; }
        public CacheAttributes? WriteHardeningMethod { get; set; }
        public override string ToString() { return "HardDiskDrive (Name = '" + Name + "') [VMName = '" + VMName + "']"; }
    }

    public class VMProcessor : VirtualMachineDevice
    {
        public string ResourcePoolName { get; set; }
        public long Count { get; set; }
        public bool CompatibilityForMigrationEnabled { get; set; }
        public bool CompatibilityForOlderOperatingSystemsEnabled { get; set; }
        public long HwThreadCountPerCore { get; set; }
        public bool ExposeVirtualizationExtensions { get; set; }
        public bool EnableLegacyApicMode { get; set; }
        public bool AllowACountMCount { get; set; }
        public long Maximum { get; set; }
        public long Reserve { get; set; }
        public int RelativeWeight { get; set; }
        public long MaximumCountPerNumaNode { get; set; }
        public long MaximumCountPerNumaSocket { get; set; }
        public bool EnableHostResourceProtection { get; set; }
        public IReadOnlyList<VMProcessorOperationalStatus> OperationalStatus { get; set; }
        public IReadOnlyList<string> StatusDescription { get; set; }
    }

    public abstract class VMNetworkAdapterBase : VirtualMachineDevice
    {
        public bool IsManagementOs { get; set; }
        public bool IsExternalAdapter { get; set; }
        public string SwitchName { get; set; }
        public Guid? SwitchId { get; set; }
        public string MacAddress { get; set; }
        public VMNetworkAdapterOperationalStatus[] Status { get; set; }
        public string[] StatusDescription { get; set; }
        public OnOffState MacAddressSpoofing { get; set; }
        public OnOffState DhcpGuard { get; set; }
        public OnOffState RouterGuard { get; set; }
        public VMNetworkAdapterPortMirroringMode PortMirroringMode { get; set; }
        public OnOffState IeeePriorityTag { get; set; }
        public OnOffState AllowTeaming { get; set; }
        public OnOffState FixSpeed10G { get; set; }
        public uint VMQWeight { get; set; }
        public int VmqUsage { get; set; }
        public long IPsecOffloadMaxSA { get; set; }
        public uint IPsecOffloadSAUsage { get; set; }
        public bool VFDataPathActive { get; set; }
        public bool VrssEnabled { get; set; }
        public bool VrssEnabledRequested { get; set; }
        public bool VmmqEnabled { get; set; }
        public bool VmmqEnabledRequested { get; set; }
#if HV2016
        // Windows Server 2016 names the VMMQ queue pairs after VMMQ; the 2019-era module renamed them and added the rest.
        public uint VmmqQueuePairs { get; set; }
        public uint VmmqQueuePairsRequested { get; set; }
#else
        public uint VrssMaxQueuePairs { get; set; }
        public uint VrssMaxQueuePairsRequested { get; set; }
        public uint VrssMinQueuePairs { get; set; }
        public uint VrssMinQueuePairsRequested { get; set; }
        public VrssQueueSchedulingModeType VrssQueueSchedulingMode { get; set; }
        public VrssQueueSchedulingModeType VrssQueueSchedulingModeRequested { get; set; }
        public bool VrssExcludePrimaryProcessor { get; set; }
        public bool VrssExcludePrimaryProcessorRequested { get; set; }
        public bool VrssIndependentHostSpreading { get; set; }
        public bool VrssIndependentHostSpreadingRequested { get; set; }
        public VrssVmbusChannelAffinityPolicyType VrssVmbusChannelAffinityPolicy { get; set; }
        public VrssVmbusChannelAffinityPolicyType VrssVmbusChannelAffinityPolicyRequested { get; set; }
#endif
        public uint BandwidthPercentage { get; set; }
        public object BandwidthSetting { get; set; }
        public object VlanSetting { get; set; }
    }

    public class VMNetworkAdapter : VMNetworkAdapterBase
    {
        public bool IsLegacy { get; set; }
        public bool IsSynthetic { get; set; }
        public bool Connected { get; set; }
        public bool DynamicMacAddressEnabled { get; set; }
        public string[] IPAddresses { get; set; }
        public bool ClusterMonitored { get; set; }
        public string PoolName { get; set; }
        public string TestReplicaSwitchName { get; set; }
        public OnOffState DeviceNaming { get; set; }
        public uint IovWeight { get; set; }
        public uint IovQueuePairsRequested { get; set; }
        public uint IovQueuePairsAssigned { get; set; }
        public IovInterruptModerationValue IovInterruptModeration { get; set; }
        public int IovUsage { get; set; }
        public uint PacketDirectNumProcs { get; set; }
        public uint PacketDirectModerationCount { get; set; }
        public uint PacketDirectModerationInterval { get; set; }
        public string[] MandatoryFeatureId { get; set; }
        public override string ToString() { return "VMNetworkAdapter (Name = '" + Name + "', VMName = '" + VMName + "') [VMId = '" + VMId + "']"; }
    }

    public class VMInternalNetworkAdapter : VMNetworkAdapterBase
    {
        public override string ToString() { return "VMInternalNetworkAdapter (Name = '" + Name + "')"; }
    }

    public class VMSwitch : VirtualizationObject
    {
        public string Name { get; set; }
        public Guid Id { get; set; }
        public VMSwitchType SwitchType { get; set; }
        public bool AllowManagementOS { get; set; }
        public string NetAdapterInterfaceDescription { get; set; }
        public string[] NetAdapterInterfaceDescriptions { get; set; }
        public Guid[] NetAdapterInterfaceGuid { get; set; }
        public bool EmbeddedTeamingEnabled { get; set; }
        public bool IovEnabled { get; set; }
        public bool IovSupport { get; set; }
        public string[] IovSupportReasons { get; set; }
        public uint AvailableIPSecSA { get; set; }
        public uint NumberIPSecSAAllocated { get; set; }
        public uint AvailableVMQueues { get; set; }
        public uint NumberVmqAllocated { get; set; }
        public uint IovQueuePairCount { get; set; }
        public uint IovQueuePairsInUse { get; set; }
        public uint IovVirtualFunctionCount { get; set; }
        public uint IovVirtualFunctionsInUse { get; set; }
        public bool PacketDirectEnabled { get; set; }
        public VMSwitchBandwidthMode BandwidthReservationMode { get; set; }
        public bool DefaultQueueVrssEnabled { get; set; }
        public bool DefaultQueueVmmqEnabled { get; set; }
        public uint DefaultQueueVrssMaxQueuePairs { get; set; }
        public uint DefaultQueueVrssMinQueuePairs { get; set; }
        public VrssQueueSchedulingModeType DefaultQueueVrssQueueSchedulingMode { get; set; }
        public bool DefaultQueueVrssExcludePrimaryProcessor { get; set; }
        public bool SoftwareRscEnabled { get; set; }
        public string Notes { get; set; }
        public object[] Extensions { get; set; }
        public override string ToString() { return "VMSwitch (Name = '" + Name + "') [Id = '" + Id + "']"; }
    }

    public class VMCompatibilityError
    {
        public string Message { get; set; }
        public long MessageId { get; set; }
        public object Source { get; set; }
        public override string ToString() { return Message; }
    }

    public class VMCompatibilityReport
    {
        public VirtualMachine VM { get; set; }
        public OperationType OperationType { get; set; }
        public string Destination { get; set; }
        public string Path { get; set; }
        public string SnapshotPath { get; set; }
        public string VhdDestinationPath { get; set; }
        public string VhdSourcePath { get; set; }
        public VMCompatibilityError[] Incompatibilities { get; set; }
        // Lab-only: what was asked, so Move-VM -CompatibilityReport can replay the same move.
        public System.Collections.Hashtable LabMoveRequest { get; set; }
    }
}

namespace Microsoft.Virtualization.Client.Management
{
    public enum VirtualHardDiskPmemAddressAbstractionType { None = 0, BTT = 1, Unknown = 65535 }
}

namespace Microsoft.Vhd.PowerShell
{
    public enum VhdType { Unknown = 0, Fixed = 2, Dynamic = 3, Differencing = 4 }
    public enum VhdFormat { Unknown = 0, VHD = 2, VHDX = 3, VHDSet = 4 }

    public class VirtualHardDisk
    {
        public string ComputerName { get; set; }
        public string Path { get; set; }
        public VhdFormat VhdFormat { get; set; }
        public VhdType VhdType { get; set; }
        public ulong FileSize { get; set; }
        public ulong Size { get; set; }
        public ulong? MinimumSize { get; set; }
        public uint LogicalSectorSize { get; set; }
        public uint PhysicalSectorSize { get; set; }
        public uint BlockSize { get; set; }
        public string ParentPath { get; set; }
        public string DiskIdentifier { get; set; }
        public uint? FragmentationPercentage { get; set; }
        public uint Alignment { get; set; }
        public bool Attached { get; set; }
        public uint? DiskNumber { get; set; }
        public bool IsPMEMCompatible { get; set; }
        public Microsoft.Virtualization.Client.Management.VirtualHardDiskPmemAddressAbstractionType AddressAbstractionType { get; set; }
        public override string ToString() { return Path; }
    }
}

namespace Microsoft.HyperV.PowerShell
{
    public class VMDriveController : VirtualMachineDevice
    {
        public int ControllerNumber { get; set; }
        public Drive[] Drives { get; set; }
    }
    public class VMScsiController : VMDriveController { }
    public class VMIdeController : VMDriveController { }
}
