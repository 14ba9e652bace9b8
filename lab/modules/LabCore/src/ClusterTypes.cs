// Output types of the FailoverClusters module (docs/hyperv.md, "Failover clustering"), real namespaces and enum values.
using System;
using System.Collections.Generic;

namespace Microsoft.FailoverClusters.NativeHelp
{
    public class NativeGroupHelp
    {
        // Real type name: Microsoft.FailoverClusters.NativeHelp.NativeGroupHelp+VmMigrationType
        public enum VmMigrationType { TurnOff = 0, Quick = 1, Shutdown = 2, ShutdownForce = 3, Live = 4 }
    }
}

namespace Microsoft.FailoverClusters.PowerShell
{
    public enum ClusterNodeState { Up = 0, Down = 1, Paused = 2, Joining = 3, Unknown = -1 }
    [Flags]
    public enum ClusterNodeStatusInformation { Normal = 0, Isolated = 1, Quarantined = 2, DrainInProgress = 4,
        DrainCompleted = 8, DrainFailed = 16, AvoidPlacement = 32, Unknown = -2147483648 }
    public enum ClusterNodeDrainStatus { NotInitiated = 0, InProgress = 1, Completed = 2, Failed = 3 }
    public enum ClusterNodeFailbackStatus { NotInitiated = 0, InProgress = 1, Completed = 2, Failed = 3 }
    public enum NodeType { Node = 0, StorageNode = 1 }
    public enum ClusterGroupState { Online = 0, Offline = 1, Failed = 2, PartialOnline = 3, Pending = 4, Unknown = -1 }
    public enum GroupType : uint { Cluster = 1, AvailableStorage = 2, Temporary = 3, ClusterSharedVolume = 4,
        ClusterStoragePool = 5, FileServer = 100, PrintServer = 101, DhcpServer = 102, Dtc = 103, Msmq = 104,
        Wins = 105, StandAloneDfs = 106, GenericApplication = 107, GenericService = 108, GenericScript = 109,
        IScsiNameService = 110, VirtualMachine = 111, TsSessionBroker = 112, IScsiTarget = 113,
        ScaleoutFileServer = 114, VMReplicaBroker = 115, TaskScheduler = 116, ClusterAwareUpdating = 117,
        ScaleoutCluster = 118, StorageReplica = 119, VirtualMachineReplicationCoordinator = 120,
        CrossClusterOrchestrator = 121, InfrastructureFileServer = 122, CoreSddc = 123, UserManager = 124,
        KeyValueStoreManager = 125, HcsVirtualMachine = 126, MetaVirtualMachine = 127, Unknown = 9999 }
    public enum ResumeClusterNodeFailbackType { NoFailback = 0, Immediate = 1, Policy = 2 }
    public enum ClusterResourceState { Inherited = 0, Initializing = 1, Online = 2, Offline = 3, Failed = 4,
        Pending = 128, OnlinePending = 129, OfflinePending = 130, Unknown = -1 }
    public enum ClusterNetworkState { Unavailable = 0, Down = 1, Partitioned = 2, Up = 3, Unknown = -1 }
    public enum ClusterNetworkRole { None = 0, Cluster = 1, Client = 2, ClusterAndClient = 3 }
    public enum ClusterNetworkInterfaceState { Unavailable = 0, Failed = 1, Unreachable = 2, Up = 3, Unknown = -1 }
    public enum ClusterSharedVolumesSetting { Disabled = 0, Enabled = 1 }
    [Flags]
    public enum ClusterApplicationStatusInformation { Locked = 1, Preempted = 2, Queued = 4, PhysicalResourcesLacking = 8,
        WaitingToStart = 16, EmbeddedFailure = 32, OfflineAntiAffinityConflict = 64, NetworkFailure = 128, Unmonitored = 256,
        WaitingForDependencies = 4096 }
    public enum ClusterSharedVolumeState { Unavailable = 0, Paused = 1, Direct = 2, FileSystemRedirected = 3, BlockRedirected = 4 }

    /// <summary>Thrown/recorded by the lab's cluster cmdlets.</summary>
    public class ClusterCmdletException : Exception
    {
        public ClusterCmdletException(string message) : base(message) { }
    }

    /// <summary>Base of every cluster object; Get-VM -ClusterObject binds to this PSTypeName.</summary>
    public class ClusterObject
    {
    }

    public class Cluster : ClusterObject
    {
        public string Name { get; set; }
        public string Domain { get; set; }
        public string Id { get; set; }
#if CLUSTER_MPM
        // Only from the September 2022 update of Windows Server 2022 (and on 2025): older clusters have no such property.
        public uint MaximumParallelMigrations { get; set; }
#endif
        public string SharedVolumesRoot { get; set; }
        public ClusterSharedVolumesSetting EnableSharedVolumes { get; set; }
        public uint DrainOnShutdown { get; set; }
        public uint QuarantineThreshold { get; set; }
        public uint QuarantineDuration { get; set; }
        public uint ClusterFunctionalLevel { get; set; }
        public uint CrossSubnetDelay { get; set; }
        public uint CrossSubnetThreshold { get; set; }
        public uint SameSubnetDelay { get; set; }
        public uint SameSubnetThreshold { get; set; }
        public override string ToString() { return Name; }
    }

    public class ClusterNode : ClusterObject
    {
        public Cluster Cluster { get; set; }
        public string Name { get; set; }
        public string Id { get; set; }
        public string NodeName { get; set; }
        public ClusterNodeState State { get; set; }
        public ClusterNodeStatusInformation StatusInformation { get; set; }
        public ClusterNodeDrainStatus DrainStatus { get; set; }
        public uint DrainTarget { get; set; }
        public uint DrainErrorCode { get; set; }
        public ClusterNodeFailbackStatus FailbackStatus { get; set; }
        public uint DynamicWeight { get; set; }
        public uint NodeWeight { get; set; }
        public NodeType Type { get; set; }
        public string Model { get; set; }
        public string Manufacturer { get; set; }
        public string SerialNumber { get; set; }
        public uint BuildNumber { get; set; }
        public uint MajorVersion { get; set; }
        public uint MinorVersion { get; set; }
        public string CSDVersion { get; set; }
        public string FaultDomain { get; set; }
        public override string ToString() { return Name; }
    }

    public class ClusterGroup : ClusterObject
    {
        public Cluster Cluster { get; set; }
        public string Name { get; set; }
        public string Id { get; set; }
        public ClusterNode OwnerNode { get; set; }
        public ClusterGroupState State { get; set; }
        public GroupType GroupType { get; set; }
        public uint Priority { get; set; }
        public uint DefaultOwner { get; set; }
        public uint AutoFailbackType { get; set; }
        public uint FailbackWindowStart { get; set; }
        public uint FailbackWindowEnd { get; set; }
        public uint FailoverThreshold { get; set; }
        public uint FailoverPeriod { get; set; }
        public uint PersistentState { get; set; }
        public uint LockedFromMoving { get; set; }
        public string[] AntiAffinityClassNames { get; set; }
        public bool IsCoreGroup { get; set; }
        public ClusterApplicationStatusInformation StatusInformation { get; set; }
        public string Description { get; set; }
        public override string ToString() { return Name; }
    }

    public class ClusterDiskPartitionInfo
    {
        public string Name { get; set; }
        public string FileSystem { get; set; }
        public string MountPoints { get; set; }
        public ulong Size { get; set; }
        public ulong FreeSpace { get; set; }
        public ulong UsedSpace { get; set; }
        public double PercentFree { get; set; }
        public override string ToString() { return Name; }
    }

    public class ClusterSharedVolumeInfo
    {
        public string FriendlyVolumeName { get; set; }
        public int PartitionNumber { get; set; }
        public ClusterDiskPartitionInfo Partition { get; set; }
        public bool MaintenanceMode { get; set; }
        public bool RedirectedAccess { get; set; }
        public override string ToString() { return FriendlyVolumeName; }
    }

    public class ClusterSharedVolume : ClusterObject
    {
        public string Name { get; set; }
        public string Id { get; set; }
        public ClusterNode OwnerNode { get; set; }
        public ClusterResourceState State { get; set; }
        public ICollection<ClusterSharedVolumeInfo> SharedVolumeInfo { get; set; }
        public override string ToString() { return Name; }
    }
}
