// The lab's persistent state: one JSON document for the whole lab (topology + runtime: migrations, faults,
// node drain state). Sizes are kept in bytes; the *GB fields are only read from topology files.
using System;
using System.Collections.Generic;

namespace HvLab
{
    public class LabSettings
    {
        public double MigrationBandwidthMBps { get; set; } = 1000;
        public int LatencyMs { get; set; }
        public string Domain { get; set; } = "lab.local";
    }

    public class LabStorage
    {
        public string Name { get; set; }
        public string Id { get; set; }
        public string Path { get; set; }
        public double? SizeGB { get; set; }
        public double? FreeGB { get; set; }
        public long SizeBytes { get; set; }
        public long FreeBytes { get; set; }
        public string OwnerNode { get; set; }
    }

    public class LabProcessor
    {
        public string Vendor { get; set; } = "GenuineIntel";
        public List<string> Features { get; set; } = new List<string>();
        /// <summary>The model's name (Win32_Processor.Name); default: one made of the vendor and features (lab choice).</summary>
        public string Name { get; set; }
    }

    public class LabMigrationNetwork
    {
        public string Subnet { get; set; }
        public int? Priority { get; set; }
    }

    public class LabMigrationSettings
    {
        public bool Enabled { get; set; } = true;
        public uint MaximumVirtualMachineMigrations { get; set; } = 2;
        public uint MaximumStorageMigrations { get; set; } = 2;
        public string AuthenticationType { get; set; } = "CredSSP";
        public string PerformanceOption { get; set; } = "Compression";
        public bool UseAnyNetwork { get; set; }
        public List<LabMigrationNetwork> Networks { get; set; } = new List<LabMigrationNetwork>();
    }

    public class LabSwitch
    {
        public string Name { get; set; }
        public string Id { get; set; }
        public string SwitchType { get; set; } = "External";
        public bool IovEnabled { get; set; }
        public bool? IovSupport { get; set; }
        public bool? AllowManagementOS { get; set; }
        public string NetAdapterInterfaceDescription { get; set; }
    }

    public class LabHost
    {
        public string Name { get; set; }
        public string Id { get; set; }
        public string Address { get; set; }
        public string Os { get; set; } = "2022";
        public int LogicalProcessorCount { get; set; } = 32;
        public double MemoryCapacityGB { get; set; } = 256;
        public LabProcessor Processor { get; set; } = new LabProcessor();
        public string VirtualMachinePath { get; set; }
        public string VirtualHardDiskPath { get; set; }
        public LabMigrationSettings Migration { get; set; } = new LabMigrationSettings();
        public List<LabStorage> Volumes { get; set; } = new List<LabStorage>();
        public List<LabSwitch> Switches { get; set; } = new List<LabSwitch>();
        public int? LatencyMs { get; set; }
        public bool Down { get; set; }
        public bool NumaSpanningEnabled { get; set; } = true;
        public bool EnableEnhancedSessionMode { get; set; }
        public string MacAddressMinimum { get; set; }
        public string MacAddressMaximum { get; set; }
        public double ResourceMeteringSaveIntervalHours { get; set; } = 1;
        /// <summary>Windows Firewall rules (LabReadiness.DefaultFirewall when the topology gives none).</summary>
        public List<LabFirewallRule> Firewall { get; set; }
        /// <summary>SMB bandwidth limits and the FS-SMBBW feature (LabSmb.cs).</summary>
        public LabSmb Smb { get; set; } = new LabSmb();
    }

    public class LabNodeState
    {
        public string Name { get; set; }
        public string Id { get; set; }
        public bool Paused { get; set; }
        public string DrainStatus { get; set; } = "NotInitiated";
        public string DrainTarget { get; set; }
        public string FailbackStatus { get; set; } = "NotInitiated";
        public List<string> DrainedVmIds { get; set; } = new List<string>();
        public List<string> DrainMigrationIds { get; set; } = new List<string>();
        public List<string> FailbackMigrationIds { get; set; } = new List<string>();
    }

    public class LabCluster
    {
        public string Name { get; set; }
        public string Id { get; set; }
        public string Address { get; set; }
        public List<string> Nodes { get; set; } = new List<string>();
        /// <summary>Null: a cluster before the September 2022 update of Windows Server 2022 (2016, 2019, early 2022),
        /// which has no such property; each node's own MaximumVirtualMachineMigrations applies.</summary>
        public uint? MaximumParallelMigrations { get; set; }
        public string SharedVolumesRoot { get; set; } = "C:\\ClusterStorage";
        public List<LabStorage> SharedVolumes { get; set; } = new List<LabStorage>();
        public List<LabNodeState> NodeStates { get; set; } = new List<LabNodeState>();
    }

    public class LabDisk
    {
        public string Path { get; set; }
        public string Id { get; set; }
        public string DiskIdentifier { get; set; }
        public double? SizeGB { get; set; }
        public double? FileSizeGB { get; set; }
        public long SizeBytes { get; set; }
        public long FileSizeBytes { get; set; }
        public string Type { get; set; } = "Dynamic";
        public string ParentPath { get; set; }
        public string ControllerType { get; set; }
        public int? ControllerNumber { get; set; }
        public int? ControllerLocation { get; set; }
        public int? DiskNumber { get; set; }
    }

    public class LabAdapter
    {
        public string Name { get; set; } = "Network Adapter";
        public string Id { get; set; }
        public string SwitchName { get; set; }
        public string MacAddress { get; set; }
        public bool DynamicMacAddress { get; set; } = true;
        public List<string> IpAddresses { get; set; } = new List<string>();
        public bool IsLegacy { get; set; }
        public uint? VmqWeight { get; set; }
        public long? IPsecOffloadMaxSA { get; set; }
        public uint? IovWeight { get; set; }
        public uint? IovQueuePairsRequested { get; set; }
        public string IovInterruptModeration { get; set; }
        public bool? VrssEnabled { get; set; }
        public bool? VmmqEnabled { get; set; }
        public uint? VrssMaxQueuePairs { get; set; }
        public uint? VrssMinQueuePairs { get; set; }
        public string VrssQueueSchedulingMode { get; set; }
        public bool? VrssExcludePrimaryProcessor { get; set; }
        public bool? VrssIndependentHostSpreading { get; set; }
        public string VrssVmbusChannelAffinityPolicy { get; set; }
        public uint? PacketDirectNumProcs { get; set; }
        public uint? PacketDirectModerationCount { get; set; }
        public uint? PacketDirectModerationInterval { get; set; }
        public string MacAddressSpoofing { get; set; }
        public string DhcpGuard { get; set; }
        public string RouterGuard { get; set; }
        public string AllowTeaming { get; set; }
        public string DeviceNaming { get; set; }
        public string IeeePriorityTag { get; set; }
        public string PortMirroringMode { get; set; }
        public uint? MinimumBandwidthWeight { get; set; }
        public bool? NotMonitoredInCluster { get; set; }
    }

    public class LabCheckpoint
    {
        public string Name { get; set; }
        public string Id { get; set; }
        public DateTime? CreationTime { get; set; }
        public string ParentId { get; set; }
        public string SnapshotType { get; set; } = "Standard";
    }

    public class LabVm
    {
        public string Name { get; set; }
        public string Id { get; set; }
        public string Host { get; set; }
        public string State { get; set; } = "Off";
        public int Generation { get; set; } = 2;
        public string Version { get; set; }
        public long ProcessorCount { get; set; } = 1;
        public double? MemoryStartupGB { get; set; }
        public long MemoryStartupBytes { get; set; }
        public long MemoryMinimumBytes { get; set; }
        public long MemoryMaximumBytes { get; set; }
        public bool DynamicMemory { get; set; }
        public string Path { get; set; }
        public string ConfigurationLocation { get; set; }
        public string SnapshotFileLocation { get; set; }
        public string SmartPagingFilePath { get; set; }
        public bool Clustered { get; set; }
        public string ClusterGroupId { get; set; }
        public string ClusterGroupName { get; set; }
        public bool CompatibilityForMigration { get; set; }
        public int CpuUsage { get; set; }
        public string Notes { get; set; } = "";
        public DateTime? CreationTime { get; set; }
        public DateTime? StartTime { get; set; }
        public List<LabDisk> Disks { get; set; } = new List<LabDisk>();
        public List<LabDisk> PassThroughDisks { get; set; } = new List<LabDisk>();
        public List<LabAdapter> Adapters { get; set; } = new List<LabAdapter>();
        public List<LabCheckpoint> Checkpoints { get; set; } = new List<LabCheckpoint>();
    }

    public class LabDiskMove
    {
        public string Source { get; set; }
        public string Destination { get; set; }
        public long Bytes { get; set; }
    }

    /// <summary>What a storage-moving migration changes, decided when it is requested.</summary>
    public class LabMovePlan
    {
        public string VirtualMachinePath { get; set; }
        public string SnapshotFilePath { get; set; }
        public string SmartPagingFilePath { get; set; }
        public List<LabDiskMove> Disks { get; set; } = new List<LabDiskMove>();
        public bool RetainVhdCopiesOnSource { get; set; }
    }

    public class LabMigration
    {
        public string Id { get; set; }
        public long Seq { get; set; }
        public string VmId { get; set; }
        public string VmName { get; set; }
        /// <summary>VirtualSystem | VirtualSystemAndStorage | Storage</summary>
        public string Kind { get; set; }
        /// <summary>Live | Quick | TurnOff | Shutdown | ShutdownForce | Offline (how the running state travels)</summary>
        public string Mode { get; set; } = "Live";
        /// <summary>A quick migration's phase: 0 saving on the source, 1 saved (the role going offline), 2 the role moved
        /// and the VM restoring (Starting) on the destination.</summary>
        public int QuickPhase { get; set; }
        public string SourceHost { get; set; }
        public string DestinationHost { get; set; }
        public string Cluster { get; set; }
        public string Owner { get; set; }
        public long Bytes { get; set; }
        public double DurationSeconds { get; set; }
        public DateTime SubmitTime { get; set; }
        public DateTime? StartTime { get; set; }
        public DateTime? EndTime { get; set; }
        /// <summary>Queued | Running | Completed | Failed | Cancelled</summary>
        public string Status { get; set; } = "Queued";
        public int EndPercent { get; set; }
        public string VmStateAtStart { get; set; }
        public LabMovePlan Plan { get; set; }
        // Failure decided at start (missing switch, auth, disk space, ...): fails when FailAtPercent is reached.
        public int? FailAtPercent { get; set; }
        public string FailMessage { get; set; }
        public string FailSummary { get; set; }
        public string FailErrorId { get; set; }
        public int FailCode { get; set; }
        // Outcome.
        public string ErrorId { get; set; }
        public string ErrorMessage { get; set; }
        public string ErrorSummary { get; set; }
        public int ErrorCode { get; set; }
        public string DrainNode { get; set; }
        public string FailbackNode { get; set; }
        /// <summary>Adapters connected to another switch on the planned VM (Connect-VMNetworkAdapter): where they
        /// are connected at the destination.</summary>
        public List<LabAdapterSwitch> AdapterSwitches { get; set; }
    }

    public class LabAdapterSwitch
    {
        /// <summary>The lab adapter's Id (the part after the backslash of VMNetworkAdapter.Id).</summary>
        public string AdapterId { get; set; }
        public string SwitchName { get; set; }
    }

    /// <summary>A planned VM (Msvm_PlannedComputerSystem) a failed or cancelled move left on its destination.</summary>
    public class LabPlannedVm
    {
        public string VmId { get; set; }
        public string VmName { get; set; }
        public string Host { get; set; }
        public string MigrationId { get; set; }
        public DateTime CreatedAt { get; set; }
    }

    /// <summary>One call of a moving cmdlet as a host received it (tests count them: no move is sent twice).</summary>
    public class LabCall
    {
        public string Cmdlet { get; set; }
        public string VmId { get; set; }
        public string VmName { get; set; }
        public string Host { get; set; }
        public DateTime At { get; set; }
    }

    public class LabFault
    {
        public string Id { get; set; }
        /// <summary>NetworkDrop | DiskFull | AuthFailure | ProcessorIncompatible | PlannedVmLeftover | MalformedJson</summary>
        public string Type { get; set; }
        public string HostName { get; set; }
        public string TargetHost { get; set; }
        public int? AtPercent { get; set; }
        public DateTime CreatedAt { get; set; }
    }

    public class LabState
    {
        public int SchemaVersion { get; set; } = 1;
        public LabSettings Lab { get; set; } = new LabSettings();
        public List<LabStorage> Shares { get; set; } = new List<LabStorage>();
        public List<LabHost> Hosts { get; set; } = new List<LabHost>();
        public List<LabCluster> Clusters { get; set; } = new List<LabCluster>();
        public List<LabVm> Vms { get; set; } = new List<LabVm>();
        public List<LabMigration> Migrations { get; set; } = new List<LabMigration>();
        public List<LabFault> Faults { get; set; } = new List<LabFault>();
        /// <summary>The domain's computer accounts and where it can be reached from (see LabReadiness).</summary>
        public LabDirectory Directory { get; set; }
        public List<LabPlannedVm> PlannedVms { get; set; } = new List<LabPlannedVm>();
        public List<LabCall> Calls { get; set; } = new List<LabCall>();
        public long Seq { get; set; }
        public DateTime? LastAdvance { get; set; }
    }
}
