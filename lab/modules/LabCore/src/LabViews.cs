// Lab state -> the objects the real cmdlets return. Pure functions of (state, now); called under the lock.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Microsoft.HyperV.PowerShell;
using Microsoft.Vhd.PowerShell;
using Microsoft.FailoverClusters.PowerShell;

namespace HvLab
{
    public static class LabViews
    {
        private static T ParseEnum<T>(string v, T dflt) where T : struct
        {
            T r; return v != null && Enum.TryParse(v, true, out r) ? r : dflt;
        }
        private static Guid G(string id) { Guid g; return Guid.TryParse(id, out g) ? g : Guid.Empty; }

        public static VirtualMachine Vm(LabState s, LabVm v, DateTime now)
        {
            var h = LabEngine.FindHost(s, v.Host);
            var state = ParseEnum(v.State, VMState.Off);
            bool on = state == VMState.Running || state == VMState.Paused;
            var mig = s.Migrations.FirstOrDefault(m => m.Status == "Running" && LabEngine.Same(m.VmId, v.Id));
            var ops = new List<VMOperationalStatus> { VMOperationalStatus.Ok };
            var descs = new List<string> { "Operating normally" };
            if (mig != null)
            {
                if (mig.Kind == "Storage") { ops.Add(VMOperationalStatus.StorageMigrationPhaseOne); descs.Add("Storage migration phase one"); }
                else { ops.Add(VMOperationalStatus.MigratingVirtualMachine); descs.Add("Migrating virtual machine"); }
            }
            var cps = v.Checkpoints;
            var last = cps.Count > 0 ? cps[cps.Count - 1] : null;
            var vm = new VirtualMachine
            {
                Name = v.Name, Id = G(v.Id), State = state,
                Status = descs.Count > 1 && !string.IsNullOrEmpty(descs[1]) ? descs[1] : descs[0],
                StatusDescriptions = descs.ToArray(), PrimaryStatusDescription = descs[0], SecondaryStatusDescription = descs.Count > 1 ? descs[1] : null,
                OperationalStatus = ops.ToArray(), PrimaryOperationalStatus = ops[0], SecondaryOperationalStatus = ops.Count > 1 ? ops[1] : (VMOperationalStatus?)null,
                CPUUsage = state == VMState.Running ? v.CpuUsage : 0,
                MemoryAssigned = on ? v.MemoryStartupBytes : 0,
                MemoryDemand = on ? (v.DynamicMemory ? v.MemoryStartupBytes * 3 / 4 : v.MemoryStartupBytes / 2) : 0,
                MemoryStatus = on && v.DynamicMemory ? "OK" : "",
                MemoryStartup = v.MemoryStartupBytes, MemoryMinimum = v.MemoryMinimumBytes, MemoryMaximum = v.MemoryMaximumBytes,
                DynamicMemoryEnabled = v.DynamicMemory,
                Uptime = on && v.StartTime.HasValue ? TimeSpan.FromSeconds(Math.Floor((now - v.StartTime.Value).TotalSeconds)) : TimeSpan.Zero,
                Generation = v.Generation, Version = v.Version, Path = v.Path,
                ConfigurationLocation = v.ConfigurationLocation, SnapshotFileLocation = v.SnapshotFileLocation,
                SmartPagingFilePath = v.SmartPagingFilePath, SmartPagingFileInUse = false,
                IsClustered = v.Clustered, ComputerName = h != null ? h.Name : v.Host, ProcessorCount = v.ProcessorCount,
                ReplicationState = VMReplicationState.Disabled, ReplicationHealth = VMReplicationHealthState.NotApplicable, ReplicationMode = VMReplicationMode.None,
                Notes = v.Notes ?? "",
                Heartbeat = state == VMState.Running ? VMHeartbeatStatus.OkApplicationsHealthy : state == VMState.Paused ? VMHeartbeatStatus.Paused : (VMHeartbeatStatus?)null,
                IntegrationServicesState = on ? "Up to date" : "",
                IntegrationServicesVersion = on ? new Version(10, 0, 20348, 1) : null,
                CheckpointType = CheckpointType.Production,
                AutomaticStartAction = v.Clustered ? StartAction.Nothing : StartAction.StartIfRunning,
                AutomaticStopAction = StopAction.Save,
                ParentSnapshotId = last != null ? G(last.Id) : (Guid?)null, ParentSnapshotName = last != null ? last.Name : null,
                CreationTime = (v.CreationTime ?? now).ToLocalTime(),
                NumaAligned = on ? true : (bool?)null, NumaNodesCount = 1, NumaSocketCount = 1,
                Groups = new object[0], VirtualMachineType = VirtualMachineType.RealizedVirtualMachine,
                VirtualMachineSubType = v.Generation == 1 ? VirtualMachineSubType.Generation1 : VirtualMachineSubType.Generation2,
                DVDDrives = new object[0], FibreChannelHostBusAdapters = new object[0],
            };
            vm.HardDrives = v.Disks.Select(d => Drive(s, v, d, vm.ComputerName)).Concat(v.PassThroughDisks.Select(d => Drive(s, v, d, vm.ComputerName))).ToArray();
            vm.NetworkAdapters = v.Adapters.Select(a => Adapter(s, v, a)).ToList();
            return vm;
        }

        public static HardDiskDrive Drive(LabState s, LabVm v, LabDisk d, string computer)
        {
            var ct = ParseEnum(d.ControllerType, ControllerType.SCSI);
            int cn = d.ControllerNumber ?? 0, cl = d.ControllerLocation ?? 0;
            return new HardDiskDrive
            {
                Name = "Hard Drive on " + (ct == ControllerType.IDE ? "IDE" : "SCSI") + " controller number " + cn + " at location " + cl,
                Id = "Microsoft:" + v.Id.ToUpperInvariant() + "\\" + d.Id.ToUpperInvariant(),
                VMName = v.Name, VMId = G(v.Id), ComputerName = computer,
                Path = d.DiskNumber.HasValue ? "Disk " + d.DiskNumber.Value : d.Path,
                ControllerType = ct, ControllerNumber = cn, ControllerLocation = cl, DiskNumber = d.DiskNumber,
                MaximumIOPS = 0, MinimumIOPS = 0, SupportPersistentReservations = false, WriteHardeningMethod = CacheAttributes.Default,
            };
        }

        public static VMNetworkAdapter Adapter(LabState s, LabVm v, LabAdapter a)
        {
            var h = LabEngine.FindHost(s, v.Host);
            var sw = h == null || a.SwitchName == null ? null : h.Switches.FirstOrDefault(w => LabEngine.Same(w.Name, a.SwitchName));
            bool on = v.State == "Running";
            bool connected = sw != null;
            bool iov = on && connected && sw.IovEnabled && (a.IovWeight ?? 0) > 0;
            bool vrss = a.VrssEnabled ?? true;
            var r = new VMNetworkAdapter
            {
                Name = a.Name, Id = "Microsoft:" + v.Id.ToUpperInvariant() + "\\" + a.Id.ToUpperInvariant(), VMName = v.Name, VMId = G(v.Id),
                ComputerName = h != null ? h.Name : v.Host, IsLegacy = a.IsLegacy, IsSynthetic = !a.IsLegacy, IsManagementOs = false, IsExternalAdapter = false,
                SwitchName = a.SwitchName, SwitchId = sw != null ? G(sw.Id) : (Guid?)null, Connected = connected,
                MacAddress = on || !a.DynamicMacAddress || v.State != "Off" ? a.MacAddress : a.MacAddress,
                DynamicMacAddressEnabled = a.DynamicMacAddress,
                IPAddresses = on ? a.IpAddresses.ToArray() : new string[0],
                Status = on ? new[] { VMNetworkAdapterOperationalStatus.Ok } : new VMNetworkAdapterOperationalStatus[0],
                StatusDescription = on ? new[] { "OK" } : new string[0],
                ClusterMonitored = !(a.NotMonitoredInCluster ?? false),
                MacAddressSpoofing = ParseEnum(a.MacAddressSpoofing, OnOffState.Off), DhcpGuard = ParseEnum(a.DhcpGuard, OnOffState.Off),
                RouterGuard = ParseEnum(a.RouterGuard, OnOffState.Off), AllowTeaming = ParseEnum(a.AllowTeaming, OnOffState.Off),
                DeviceNaming = ParseEnum(a.DeviceNaming, OnOffState.Off), IeeePriorityTag = ParseEnum(a.IeeePriorityTag, OnOffState.Off),
                FixSpeed10G = OnOffState.Off, PortMirroringMode = ParseEnum(a.PortMirroringMode, VMNetworkAdapterPortMirroringMode.None),
                VMQWeight = a.VmqWeight ?? 100,
                // VMQ is in use when the weight is non-zero, the VM runs and the adapter sits on an external switch.
                VmqUsage = on && connected && (a.VmqWeight ?? 100) > 0 && sw.SwitchType == "External" ? 1 : 0,
                IPsecOffloadMaxSA = a.IPsecOffloadMaxSA ?? 512, IPsecOffloadSAUsage = 0,
                IovWeight = a.IovWeight ?? 0, IovQueuePairsRequested = a.IovQueuePairsRequested ?? 1,
                IovQueuePairsAssigned = iov ? (a.IovQueuePairsRequested ?? 1) : 0,
                IovInterruptModeration = ParseEnum(a.IovInterruptModeration, IovInterruptModerationValue.Default),
                IovUsage = iov ? 1 : 0, VFDataPathActive = iov,
                VrssEnabledRequested = vrss, VrssEnabled = vrss && on,
                VmmqEnabledRequested = a.VmmqEnabled ?? false, VmmqEnabled = (a.VmmqEnabled ?? false) && vrss && on,
                PacketDirectNumProcs = a.PacketDirectNumProcs ?? 1, PacketDirectModerationCount = a.PacketDirectModerationCount ?? 0,
                PacketDirectModerationInterval = a.PacketDirectModerationInterval ?? 0,
                BandwidthPercentage = 0, MandatoryFeatureId = new string[0],
            };
            Queues(r, a, on ? Math.Min(a.VrssMaxQueuePairs ?? 16, (uint)Math.Max(1, v.ProcessorCount)) : 0, on);
            return r;
        }

        /// <summary>The vRSS queue settings, named as the host's module names them (see HyperVTypes.cs).</summary>
        private static void Queues(VMNetworkAdapterBase r, LabAdapter a, uint maxInUse, bool on)
        {
#if HV2016
            r.VmmqQueuePairsRequested = a.VrssMaxQueuePairs ?? 16; r.VmmqQueuePairs = maxInUse;
#else
            r.VrssMaxQueuePairsRequested = a.VrssMaxQueuePairs ?? 16; r.VrssMaxQueuePairs = maxInUse;
            r.VrssMinQueuePairsRequested = a.VrssMinQueuePairs ?? 1; r.VrssMinQueuePairs = on ? (a.VrssMinQueuePairs ?? 1) : 0;
            r.VrssQueueSchedulingModeRequested = ParseEnum(a.VrssQueueSchedulingMode, VrssQueueSchedulingModeType.StaticVrss);
            r.VrssQueueSchedulingMode = r.VrssQueueSchedulingModeRequested;
            r.VrssExcludePrimaryProcessorRequested = a.VrssExcludePrimaryProcessor ?? false; r.VrssExcludePrimaryProcessor = r.VrssExcludePrimaryProcessorRequested;
            r.VrssIndependentHostSpreadingRequested = a.VrssIndependentHostSpreading ?? false; r.VrssIndependentHostSpreading = r.VrssIndependentHostSpreadingRequested;
            r.VrssVmbusChannelAffinityPolicyRequested = ParseEnum(a.VrssVmbusChannelAffinityPolicy, VrssVmbusChannelAffinityPolicyType.Strong);
            r.VrssVmbusChannelAffinityPolicy = r.VrssVmbusChannelAffinityPolicyRequested;
#endif
        }

        public static VMInternalNetworkAdapter ManagementAdapter(LabState s, LabHost h, LabSwitch w)
        {
            var m = new VMInternalNetworkAdapter
            {
                Name = w.Name, Id = "Microsoft:" + G(w.Id).ToString().ToUpperInvariant(), ComputerName = h.Name, IsManagementOs = true,
                SwitchName = w.Name, SwitchId = G(w.Id),
                MacAddress = h.MacAddressMinimum.Substring(0, 8) + ((uint)w.Name.GetHashCode() & 0xFFFF).ToString("X4"),
                Status = new[] { VMNetworkAdapterOperationalStatus.Ok }, StatusDescription = new[] { "OK" },
                VMQWeight = 100, IPsecOffloadMaxSA = 512, VrssEnabled = true, VrssEnabledRequested = true,
                MacAddressSpoofing = OnOffState.Off, DhcpGuard = OnOffState.Off, RouterGuard = OnOffState.Off,
                AllowTeaming = OnOffState.Off, IeeePriorityTag = OnOffState.Off, FixSpeed10G = OnOffState.Off,
            };
            Queues(m, new LabAdapter(), 16, true);
            return m;
        }

        public static VMHost Host(LabState s, LabHost h)
        {
            return new VMHost
            {
                Name = h.Name, ComputerName = h.Name, FullyQualifiedDomainName = h.Name + "." + s.Lab.Domain,
                LogicalProcessorCount = h.LogicalProcessorCount, MemoryCapacity = (long)(h.MemoryCapacityGB * (1L << 30)),
                VirtualHardDiskPath = h.VirtualHardDiskPath, VirtualMachinePath = h.VirtualMachinePath,
                VirtualMachineMigrationEnabled = h.Migration.Enabled,
                VirtualMachineMigrationAuthenticationType = ParseEnum(h.Migration.AuthenticationType, MigrationAuthenticationType.CredSSP),
                VirtualMachineMigrationPerformanceOption = ParseEnum(h.Migration.PerformanceOption, VMMigrationPerformance.Compression),
                MaximumVirtualMachineMigrations = LabEngine.MaxLive(s, h), MaximumStorageMigrations = h.Migration.MaximumStorageMigrations,
                UseAnyNetworkForMigration = h.Migration.UseAnyNetwork, NumaSpanningEnabled = h.NumaSpanningEnabled,
                EnableEnhancedSessionMode = h.EnableEnhancedSessionMode,
                MacAddressMinimum = h.MacAddressMinimum, MacAddressMaximum = h.MacAddressMaximum,
                FibreChannelWwnn = "C003FF0000FFFF00", FibreChannelWwpnMinimum = "C003FF" + h.MacAddressMinimum.Substring(6, 2) + "00000000", FibreChannelWwpnMaximum = "C003FF" + h.MacAddressMinimum.Substring(6, 2) + "0000FFFF",
                ResourceMeteringSaveInterval = TimeSpan.FromHours(h.ResourceMeteringSaveIntervalHours),
                IovSupport = h.Switches.Any(w => w.IovSupport ?? w.IovEnabled),
                IovSupportReasons = h.Switches.Any(w => w.IovSupport ?? w.IovEnabled) ? new string[0] : new[] { "To use SR-IOV on this system, the system BIOS must be updated to allow Windows to control PCI Express. Contact your system manufacturer for an update." },
                SupportedVmVersions = LabEngine.SupportedVersions(h.Os).ToList().AsReadOnly(),
                InternalNetworkAdapters = new object[0], ExternalNetworkAdapters = new object[0],
                HostNumaStatus = new object[0], NumaStatus = new object[0], SecureBootTemplates = new object[0],
            };
        }

        public static VMSwitch Switch(LabState s, LabHost h, LabSwitch w)
        {
            var type = ParseEnum(w.SwitchType, VMSwitchType.External);
            bool support = w.IovSupport ?? w.IovEnabled;
            var vms = s.Vms.Where(v => LabEngine.Same(v.Host, h.Name) && v.State == "Running").SelectMany(v => v.Adapters.Select(a => new { v, a }))
                .Where(x => LabEngine.Same(x.a.SwitchName, w.Name)).ToList();
            uint vfs = (uint)vms.Count(x => w.IovEnabled && (x.a.IovWeight ?? 0) > 0);
            return new VMSwitch
            {
                Name = w.Name, Id = G(w.Id), SwitchType = type, ComputerName = h.Name,
                AllowManagementOS = w.AllowManagementOS ?? (type != VMSwitchType.Private),
                NetAdapterInterfaceDescription = type == VMSwitchType.External ? (w.NetAdapterInterfaceDescription ?? "Mellanox ConnectX-4 Lx Ethernet Adapter") : null,
                NetAdapterInterfaceDescriptions = type == VMSwitchType.External ? new[] { w.NetAdapterInterfaceDescription ?? "Mellanox ConnectX-4 Lx Ethernet Adapter" } : new string[0],
                NetAdapterInterfaceGuid = type == VMSwitchType.External ? new[] { G(w.Id) } : new Guid[0],
                IovEnabled = w.IovEnabled, IovSupport = support,
                IovSupportReasons = support ? new string[0] : new[] { "This network adapter does not support SR-IOV." },
                AvailableIPSecSA = type == VMSwitchType.External ? 2048u : 0, NumberIPSecSAAllocated = 0,
                AvailableVMQueues = type == VMSwitchType.External ? 127u : 0, NumberVmqAllocated = (uint)vms.Count(x => (x.a.VmqWeight ?? 100) > 0 && type == VMSwitchType.External),
                IovQueuePairCount = w.IovEnabled ? 127u : 0, IovQueuePairsInUse = vfs, IovVirtualFunctionCount = w.IovEnabled ? 62u : 0, IovVirtualFunctionsInUse = vfs,
                BandwidthReservationMode = w.IovEnabled ? VMSwitchBandwidthMode.None : VMSwitchBandwidthMode.Weight,
                DefaultQueueVrssEnabled = true, DefaultQueueVmmqEnabled = false, DefaultQueueVrssMaxQueuePairs = 16, DefaultQueueVrssMinQueuePairs = 1,
                DefaultQueueVrssQueueSchedulingMode = VrssQueueSchedulingModeType.StaticVrss, Notes = "", Extensions = new object[0],
            };
        }

        public static VirtualHardDisk Vhd(LabState s, LabVm v, LabDisk d, string computer)
        {
            var fmt = d.Path != null && d.Path.EndsWith(".vhd", StringComparison.OrdinalIgnoreCase) ? VhdFormat.VHD : d.Path != null && d.Path.EndsWith(".vhds", StringComparison.OrdinalIgnoreCase) ? VhdFormat.VHDSet : VhdFormat.VHDX;
            var type = ParseEnum(d.Type, VhdType.Dynamic);
            return new VirtualHardDisk
            {
                ComputerName = computer, Path = d.Path, VhdFormat = fmt, VhdType = type,
                FileSize = (ulong)d.FileSizeBytes, Size = (ulong)d.SizeBytes, MinimumSize = (ulong)Math.Min(d.SizeBytes, d.FileSizeBytes),
                LogicalSectorSize = 512, PhysicalSectorSize = 4096, BlockSize = type == VhdType.Fixed ? 0u : 33554432u,
                ParentPath = type == VhdType.Differencing ? d.ParentPath : "", DiskIdentifier = d.DiskIdentifier,
                FragmentationPercentage = 0, Alignment = 1, Attached = v.State == "Running" || v.State == "Paused",
                DiskNumber = null, IsPMEMCompatible = false,
                AddressAbstractionType = Microsoft.Virtualization.Client.Management.VirtualHardDiskPmemAddressAbstractionType.None,
            };
        }

        public static VMSnapshot Snapshot(LabState s, LabVm v, LabCheckpoint cp, DateTime now)
        {
            var parent = cp.ParentId == null ? null : v.Checkpoints.FirstOrDefault(c => c.Id == cp.ParentId);
            return new VMSnapshot
            {
                Name = cp.Name, Id = G(cp.Id), VMName = v.Name, VMId = G(v.Id), ComputerName = v.Host,
                SnapshotType = ParseEnum(cp.SnapshotType, SnapshotType.Standard), IsAutomaticCheckpoint = false,
                CreationTime = (cp.CreationTime ?? now).ToLocalTime(), ParentSnapshotId = parent != null ? G(parent.Id) : (Guid?)null,
                ParentSnapshotName = parent != null ? parent.Name : null, Path = v.SnapshotFileLocation,
                State = VMState.Off, Generation = v.Generation, Version = v.Version, ProcessorCount = v.ProcessorCount,
                MemoryStartup = v.MemoryStartupBytes, DynamicMemoryEnabled = v.DynamicMemory, MemoryMinimum = v.MemoryMinimumBytes, MemoryMaximum = v.MemoryMaximumBytes,
                IsClustered = v.Clustered, Notes = "",
                HardDrives = v.Disks.Select(d => Drive(s, v, d, v.Host)).ToArray(), NetworkAdapters = v.Adapters.Select(a => Adapter(s, v, a)).ToList(),
                DVDDrives = new object[0], FibreChannelHostBusAdapters = new object[0],
            };
        }

        public static VMProcessor Processor(LabState s, LabVm v)
        {
            return new VMProcessor
            {
                Name = "Processor", Id = "Microsoft:" + v.Id.ToUpperInvariant() + "\\b637f346-6a0e-4dec-af52-bd70cb80a21d\\0",
                VMName = v.Name, VMId = G(v.Id), ComputerName = v.Host, Count = v.ProcessorCount,
                CompatibilityForMigrationEnabled = v.CompatibilityForMigration, HwThreadCountPerCore = 0,
                Maximum = 100, Reserve = 0, RelativeWeight = 100, MaximumCountPerNumaNode = 32, MaximumCountPerNumaSocket = 1,
                OperationalStatus = v.State == "Running" ? new[] { VMProcessorOperationalStatus.Ok } : new VMProcessorOperationalStatus[0],
                StatusDescription = v.State == "Running" ? new[] { "OK" } : new string[0],
            };
        }

        // ---- cluster ------------------------------------------------------------------------------------------
        public static Cluster Cluster(LabState s, LabCluster c)
        {
            return new Cluster
            {
                Name = c.Name, Domain = s.Lab.Domain, Id = c.Id,
#if CLUSTER_MPM
                // A node whose module has the property reads the cluster's value; the lab's default is the real one (1).
                MaximumParallelMigrations = c.MaximumParallelMigrations ?? 1,
#endif
                SharedVolumesRoot = c.SharedVolumesRoot, EnableSharedVolumes = ClusterSharedVolumesSetting.Enabled, DrainOnShutdown = 1,
                QuarantineThreshold = 3, QuarantineDuration = 7200, ClusterFunctionalLevel = 11,
                CrossSubnetDelay = 1000, CrossSubnetThreshold = 20, SameSubnetDelay = 1000, SameSubnetThreshold = 10,
            };
        }

        public static ClusterNode Node(LabState s, LabCluster c, string name)
        {
            var h = LabEngine.FindHost(s, name);
            var ns = LabEngine.NodeState(c, name) ?? new LabNodeState { Name = name };
            var drain = ParseEnum(ns.DrainStatus, ClusterNodeDrainStatus.NotInitiated);
            var info = ClusterNodeStatusInformation.Normal;
            if (drain == ClusterNodeDrainStatus.InProgress) info |= ClusterNodeStatusInformation.DrainInProgress;
            if (drain == ClusterNodeDrainStatus.Completed) info |= ClusterNodeStatusInformation.DrainCompleted;
            if (drain == ClusterNodeDrainStatus.Failed) info |= ClusterNodeStatusInformation.DrainFailed;
            return new ClusterNode
            {
                Name = h != null ? h.Name : name, NodeName = h != null ? h.Name : name, Id = ns.Id,
                State = h == null || h.Down ? ClusterNodeState.Down : ns.Paused ? ClusterNodeState.Paused : ClusterNodeState.Up,
                StatusInformation = info, DrainStatus = drain, DrainTarget = DrainTargetId(c, ns.DrainTarget), DrainErrorCode = 0,
                FailbackStatus = ParseEnum(ns.FailbackStatus, ClusterNodeFailbackStatus.NotInitiated),
                DynamicWeight = 1, NodeWeight = 1, Type = NodeType.Node, Model = "Virtual Machine", Manufacturer = "Hyper-V Lab",
                SerialNumber = (h != null ? h.Id : "").Replace("-", "").ToUpperInvariant(),
                BuildNumber = h == null ? 20348u : h.Os == "2025" ? 26100u : h.Os == "2019" ? 17763u : h.Os == "2016" ? 14393u : 20348u,
                MajorVersion = 10, MinorVersion = 0, CSDVersion = "", FaultDomain = "",
                Cluster = Cluster(s, c),
            };
        }

        /// <summary>A drain's target node as the node Id the real property holds; none chosen reads as UInt32.MaxValue (a lab choice).</summary>
        private static uint DrainTargetId(LabCluster c, string target)
        {
            var ns = target == null ? null : LabEngine.NodeState(c, target);
            uint id;
            return ns != null && uint.TryParse(ns.Id, out id) ? id : uint.MaxValue;
        }

        public static ClusterGroup Group(LabState s, LabCluster c, LabVm v)
        {
            var st = ParseEnum(v.State, VMState.Off);
            var h = LabEngine.FindHost(s, v.Host);
            return new ClusterGroup
            {
                Name = v.ClusterGroupName ?? v.Name, Id = v.ClusterGroupId, OwnerNode = Node(s, c, v.Host),
                State = h != null && h.Down ? ClusterGroupState.Failed : st == VMState.Running || st == VMState.Paused ? ClusterGroupState.Online : ClusterGroupState.Offline,
                GroupType = GroupType.VirtualMachine, Priority = 2000, DefaultOwner = uint.MaxValue, AutoFailbackType = 0,
                FailbackWindowStart = 4294967295, FailbackWindowEnd = 4294967295, FailoverThreshold = 4294967295, FailoverPeriod = 6,
                PersistentState = st == VMState.Running ? 1u : 0u, AntiAffinityClassNames = new string[0], IsCoreGroup = false,
                Description = "", Cluster = Cluster(s, c),
            };
        }

        public static ClusterSharedVolume Csv(LabState s, LabCluster c, LabStorage v)
        {
            var part = new ClusterDiskPartitionInfo
            {
                Name = "\\\\?\\Volume{" + v.Id + "}\\", FileSystem = "CSVFS_ReFS", MountPoints = "",
                Size = (ulong)v.SizeBytes, FreeSpace = (ulong)Math.Max(0, v.FreeBytes), UsedSpace = (ulong)Math.Max(0, v.SizeBytes - v.FreeBytes),
                PercentFree = v.SizeBytes > 0 ? Math.Round(100.0 * v.FreeBytes / v.SizeBytes, 6) : 0,
            };
            return new ClusterSharedVolume
            {
                Name = v.Name, Id = v.Id, OwnerNode = Node(s, c, v.OwnerNode ?? c.Nodes.FirstOrDefault()), State = ClusterResourceState.Online,
                SharedVolumeInfo = new List<ClusterSharedVolumeInfo> { new ClusterSharedVolumeInfo { FriendlyVolumeName = v.Path, PartitionNumber = 2, Partition = part } },
            };
        }

        // ---- Msvm_PlannedComputerSystem, Msvm_VirtualSystemManagementService ------------------------------------
        public static PSObject PlannedComputerSystem(LabPlannedVm p)
        {
            var o = Cim("Msvm_PlannedComputerSystem", "CIM_ComputerSystem");
            Action<string, object> add = (k, v) => o.Properties.Add(new PSNoteProperty(k, v));
            add("Name", p.VmId.ToUpperInvariant());
            add("ElementName", p.VmName);
            add("Caption", "Planned Virtual Machine");
            add("Description", "Microsoft Planned Virtual Machine");
            add("CreationClassName", "Msvm_PlannedComputerSystem");
            add("EnabledState", (ushort)3);
            add("InstallDate", p.CreatedAt.ToLocalTime());
            add("PSComputerName", null);
            add("CimClass", "root/virtualization/v2:Msvm_PlannedComputerSystem");
            return o;
        }

        public static PSObject VirtualSystemManagementService(string host)
        {
            var o = Cim("Msvm_VirtualSystemManagementService", "CIM_VirtualSystemManagementService");
            Action<string, object> add = (k, v) => o.Properties.Add(new PSNoteProperty(k, v));
            add("Name", "vmms");
            add("ElementName", "Virtual Machine Management Service");
            add("CreationClassName", "Msvm_VirtualSystemManagementService");
            add("SystemName", host);
            add("PSComputerName", null);
            add("CimClass", "root/virtualization/v2:Msvm_VirtualSystemManagementService");
            return o;
        }

        // ---- Win32_Processor (root\cimv2) --------------------------------------------------------------------------
        /// <summary>
        /// The host's processor as Win32_Processor shows it: Manufacturer (the CPUID vendor string), Name (the model)
        /// and LoadPercentage (its load averaged over the last second). Lab choices: one instance for the whole host (a
        /// real host has one per socket); a model's name is the topology's, else made of the vendor and the feature
        /// list, so that two hosts have the same name exactly when they have the same features; the load is what the
        /// running VMs' CPUUsage adds up to over the host's logical processors.
        /// </summary>
        public static PSObject Win32Processor(LabState s, LabHost h)
        {
            var o = new PSObject();
            o.TypeNames.Clear();
            o.TypeNames.Insert(0, "Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_Processor");
            o.TypeNames.Add("Microsoft.Management.Infrastructure.CimInstance#root/cimv2/CIM_Processor");
            o.TypeNames.Add("Microsoft.Management.Infrastructure.CimInstance");
            var p = h.Processor ?? new LabProcessor();
            var features = (p.Features ?? new List<string>()).OrderBy(f => f, StringComparer.OrdinalIgnoreCase);
            var name = !string.IsNullOrEmpty(p.Name) ? p.Name : p.Vendor + " lab processor (" + string.Join(" ", features) + ")";
            double used = s.Vms.Where(v => LabEngine.Same(v.Host, h.Name) && v.State == "Running").Sum(v => (double)v.CpuUsage * v.ProcessorCount);
            var load = (ushort)Math.Min(100, Math.Round(used / Math.Max(1, h.LogicalProcessorCount)));
            Action<string, object> add = (k, v) => o.Properties.Add(new PSNoteProperty(k, v));
            add("DeviceID", "CPU0");
            add("Manufacturer", p.Vendor);
            add("Name", name);
            add("LoadPercentage", load);
            add("NumberOfLogicalProcessors", (uint)h.LogicalProcessorCount);
            add("PSComputerName", null);
            add("CimClass", "root/cimv2:Win32_Processor");
            return o;
        }

        private static PSObject Cim(string cls, string parent)
        {
            var o = new PSObject();
            o.TypeNames.Clear();
            o.TypeNames.Insert(0, "Microsoft.Management.Infrastructure.CimInstance#root/virtualization/v2/" + cls);
            o.TypeNames.Add("Microsoft.Management.Infrastructure.CimInstance#root/virtualization/v2/" + parent);
            o.TypeNames.Add("Microsoft.Management.Infrastructure.CimInstance");
            return o;
        }

        // ---- Msvm_MigrationJob ----------------------------------------------------------------------------------
        public static PSObject MigrationJob(LabState s, LabMigration m, DateTime now)
        {
            var o = new PSObject();
            o.TypeNames.Clear();
            o.TypeNames.Insert(0, "Microsoft.Management.Infrastructure.CimInstance#root/virtualization/v2/Msvm_MigrationJob");
            o.TypeNames.Add("Microsoft.Management.Infrastructure.CimInstance#root/virtualization/v2/CIM_ConcreteJob");
            o.TypeNames.Add("Microsoft.Management.Infrastructure.CimInstance");
            ushort js = LabEngine.JobState(m);
            string name = LabEngine.JobName(m);
            DateTime? start = m.StartTime;
            TimeSpan elapsed = start.HasValue ? ((m.EndTime ?? now) - start.Value) : TimeSpan.Zero;
            Action<string, object> add = (k, v) => o.Properties.Add(new PSNoteProperty(k, v));
            add("InstanceID", m.Id);
            add("Caption", name);
            add("Description", name);
            add("ElementName", name);
            add("Name", name);
            add("JobType", LabEngine.JobType(m));
            add("MigrationType", LabEngine.MigrationType(m));
            add("VirtualSystemName", m.VmId.ToUpperInvariant());
            add("DestinationHost", m.Kind == "Storage" ? null : m.DestinationHost);
            add("PercentComplete", (ushort)LabEngine.Percent(m, now));
            add("JobState", js);
            add("JobStatus", js == 4 ? "Job is running" : js == 7 ? "Job completed successfully" : js == 8 ? "Job was terminated" : js == 10 ? "Job failed" : "Job is queued");
            add("StatusDescriptions", new[] { "OK" });
            add("OperationalStatus", js == 10 ? new ushort[] { 6 } : new ushort[] { 2 });
            add("HealthState", (ushort)5);
            add("TimeSubmitted", m.SubmitTime.ToLocalTime());
            add("StartTime", start.HasValue ? start.Value.ToLocalTime() : (DateTime?)null);
            add("ElapsedTime", elapsed);
            add("TimeOfLastStateChange", (m.EndTime ?? m.StartTime ?? m.SubmitTime).ToLocalTime());
            add("TimeBeforeRemoval", LabEngine.TimeBeforeRemoval);
            add("DeleteOnCompletion", true);
            add("Cancellable", LabEngine.IsActive(m));
            add("ErrorCode", (ushort)(m.Status == "Failed" || m.Status == "Cancelled" ? m.ErrorCode : 0));
            add("ErrorDescription", m.ErrorMessage);
            add("ErrorSummaryDescription", m.ErrorSummary);
            add("Owner", m.Owner);
            add("Priority", (uint)0);
            add("LocalOrUtcTime", (ushort)2);
            add("NewSystemSettingData", m.Plan != null && !string.IsNullOrEmpty(m.Plan.VirtualMachinePath)
                ? "<INSTANCE CLASSNAME=\"Msvm_VirtualSystemSettingData\"><PROPERTY NAME=\"ConfigurationDataRoot\" TYPE=\"string\"><VALUE>" + System.Security.SecurityElement.Escape(m.Plan.VirtualMachinePath) + "</VALUE></PROPERTY></INSTANCE>" : null);
            add("NewResourceSettingData", m.Plan == null ? new string[0] : m.Plan.Disks.Select(d => "<INSTANCE CLASSNAME=\"Msvm_StorageAllocationSettingData\"><PROPERTY.ARRAY NAME=\"HostResource\" TYPE=\"string\"><VALUE.ARRAY><VALUE>" + System.Security.SecurityElement.Escape(d.Destination) + "</VALUE></VALUE.ARRAY></PROPERTY.ARRAY></INSTANCE>").ToArray());
            add("PSComputerName", null);
            add("CimClass", "root/virtualization/v2:Msvm_MigrationJob");
            return o;
        }
    }
}
