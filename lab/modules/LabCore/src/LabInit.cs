// Topology file -> initial lab state, with the defaults a fresh Hyper-V host / VM would have
// (ids, MACs 00155Dxxxxxx, adapter offload defaults of docs/hyperv.md "Network adapters and acceleration", sizes in bytes).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace HvLab
{
    public static class LabInit
    {
        private const long GiB = 1L << 30;
        private static long Gb(double? gb, long dflt) { return gb.HasValue ? (long)(gb.Value * GiB) : dflt; }
        private static string NewId() { return Guid.NewGuid().ToString(); }

        public static LabState FromTopology(string json, DateTime now)
        {
            var s = LabStore.FromJson<LabState>(json);
            if (s == null) throw new InvalidDataException("The topology file is empty.");
            s.Migrations = new List<LabMigration>(); s.Faults = new List<LabFault>(); s.PlannedVms = new List<LabPlannedVm>(); s.Calls = new List<LabCall>();
            s.Shares = s.Shares ?? new List<LabStorage>(); s.Hosts = s.Hosts ?? new List<LabHost>();
            s.Clusters = s.Clusters ?? new List<LabCluster>(); s.Vms = s.Vms ?? new List<LabVm>();
            s.Lab = s.Lab ?? new LabSettings();
            var rnd = new Random();
            var macs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            foreach (var sh in s.Shares) Storage(sh, 4000, 3000);
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in s.Hosts)
            {
                if (string.IsNullOrEmpty(h.Name)) throw new InvalidDataException("A host has no name.");
                if (!names.Add(h.Name)) throw new InvalidDataException("Host '" + h.Name + "' is listed twice.");
                h.Id = h.Id ?? NewId();
                h.Os = string.IsNullOrEmpty(h.Os) ? "2022" : h.Os;
                h.Processor = h.Processor ?? new LabProcessor();
                h.Processor.Features = h.Processor.Features ?? new List<string>();
                h.VirtualMachinePath = h.VirtualMachinePath ?? "C:\\ProgramData\\Microsoft\\Windows\\Hyper-V";
                h.VirtualHardDiskPath = h.VirtualHardDiskPath ?? "C:\\ProgramData\\Microsoft\\Windows\\Hyper-V\\Virtual Hard Disks";
                h.Migration = h.Migration ?? new LabMigrationSettings();
                h.Migration.Networks = h.Migration.Networks ?? new List<LabMigrationNetwork>();
                if (h.Volumes == null || h.Volumes.Count == 0) h.Volumes = new List<LabStorage> { new LabStorage { Path = "C:\\", SizeGB = 500, FreeGB = 300 } };
                foreach (var v in h.Volumes) Storage(v, 500, 300);
                h.Switches = h.Switches ?? new List<LabSwitch>();
                foreach (var w in h.Switches) { w.Id = w.Id ?? NewId(); w.SwitchType = w.SwitchType ?? "External"; }
                h.MacAddressMinimum = h.MacAddressMinimum ?? "00155D" + rnd.Next(0, 256).ToString("X2") + "0000";
                h.MacAddressMaximum = h.MacAddressMaximum ?? h.MacAddressMinimum.Substring(0, 8) + "FFFF";
                LabSmb.Fill(h);
            }
            foreach (var c in s.Clusters)
            {
                c.Id = c.Id ?? NewId();
                c.Nodes = c.Nodes ?? new List<string>();
                foreach (var n in c.Nodes)
                    if (LabEngine.FindHost(s, n) == null) throw new InvalidDataException("Cluster '" + c.Name + "' lists node '" + n + "', which is not in hosts.");
                c.SharedVolumes = c.SharedVolumes ?? new List<LabStorage>();
                int i = 1;
                foreach (var v in c.SharedVolumes)
                {
                    v.Name = v.Name ?? "Cluster Disk " + i;
                    v.Path = v.Path ?? c.SharedVolumesRoot + "\\Volume" + i;
                    v.OwnerNode = v.OwnerNode ?? (c.Nodes.Count > 0 ? c.Nodes[(i - 1) % c.Nodes.Count] : null);
                    Storage(v, 2000, 1000);
                    i++;
                }
                c.NodeStates = c.Nodes.Select(n => new LabNodeState { Name = LabEngine.FindHost(s, n).Name, Id = (c.Nodes.IndexOf(n) + 1).ToString() }).ToList();
                ClusterVersion(s, c);
            }
            var vmNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var vm in s.Vms)
            {
                var h = LabEngine.FindHost(s, vm.Host);
                if (h == null) throw new InvalidDataException("VM '" + vm.Name + "' is on host '" + vm.Host + "', which is not in hosts.");
                vm.Host = h.Name;
                vm.Id = (vm.Id ?? NewId()).ToLowerInvariant();
                Guid tmp; if (!Guid.TryParse(vm.Id, out tmp)) throw new InvalidDataException("VM '" + vm.Name + "' has an id that is not a GUID.");
                vm.State = string.IsNullOrEmpty(vm.State) ? "Off" : vm.State;
                Microsoft.HyperV.PowerShell.VMState st;
                if (!Enum.TryParse(vm.State, true, out st)) throw new InvalidDataException("VM '" + vm.Name + "' has an unknown state '" + vm.State + "'.");
                vm.State = st.ToString();
                vm.Version = vm.Version ?? LabEngine.DefaultVersion(h.Os);
                vm.MemoryStartupBytes = vm.MemoryStartupBytes > 0 ? vm.MemoryStartupBytes : Gb(vm.MemoryStartupGB, GiB);
                vm.MemoryMinimumBytes = vm.MemoryMinimumBytes > 0 ? vm.MemoryMinimumBytes : (vm.DynamicMemory ? 512L << 20 : vm.MemoryStartupBytes);
                vm.MemoryMaximumBytes = vm.MemoryMaximumBytes > 0 ? vm.MemoryMaximumBytes : (vm.DynamicMemory ? 1048576L << 20 : vm.MemoryStartupBytes);
                vm.Path = vm.Path ?? LabPaths.Join(h.VirtualMachinePath, vm.Name);
                vm.ConfigurationLocation = vm.ConfigurationLocation ?? vm.Path;
                vm.SnapshotFileLocation = vm.SnapshotFileLocation ?? vm.Path;
                vm.SmartPagingFilePath = vm.SmartPagingFilePath ?? vm.Path;
                vm.CreationTime = vm.CreationTime ?? now.AddDays(-30 - rnd.Next(0, 300));
                bool on = vm.State == "Running" || vm.State == "Paused";
                if (on && vm.StartTime == null) vm.StartTime = now.AddMinutes(-rnd.Next(60, 60 * 24 * 20));
                if (vm.CpuUsage == 0 && vm.State == "Running") vm.CpuUsage = 1 + rnd.Next(0, 12);
                vm.Disks = vm.Disks ?? new List<LabDisk>();
                int scsi = 0, ide = 0;
                foreach (var d in vm.Disks)
                {
                    d.Id = d.Id ?? NewId();
                    d.DiskIdentifier = d.DiskIdentifier ?? Guid.NewGuid().ToString().ToUpperInvariant();
                    d.Type = d.Type ?? "Dynamic";
                    d.SizeBytes = d.SizeBytes > 0 ? d.SizeBytes : Gb(d.SizeGB, 127 * GiB);
                    d.FileSizeBytes = d.FileSizeBytes > 0 ? d.FileSizeBytes : Gb(d.FileSizeGB, d.Type == "Fixed" ? d.SizeBytes : d.SizeBytes / 4);
                    d.ControllerType = d.ControllerType ?? (vm.Generation == 1 ? "IDE" : "SCSI");
                    if (d.ControllerType == "IDE") { d.ControllerNumber = d.ControllerNumber ?? ide / 2; d.ControllerLocation = d.ControllerLocation ?? ide % 2; ide++; }
                    else { d.ControllerNumber = d.ControllerNumber ?? 0; d.ControllerLocation = d.ControllerLocation ?? scsi; scsi++; }
                    if (string.IsNullOrEmpty(d.Path)) throw new InvalidDataException("A disk of VM '" + vm.Name + "' has no path.");
                }
                vm.PassThroughDisks = vm.PassThroughDisks ?? new List<LabDisk>();
                foreach (var d in vm.PassThroughDisks) { d.Id = d.Id ?? NewId(); d.ControllerType = d.ControllerType ?? "SCSI"; d.ControllerNumber = d.ControllerNumber ?? 0; d.ControllerLocation = d.ControllerLocation ?? scsi++; }
                vm.Adapters = vm.Adapters ?? new List<LabAdapter>();
                foreach (var a in vm.Adapters)
                {
                    a.Id = a.Id ?? NewId();
                    a.Name = a.Name ?? "Network Adapter";
                    if (string.IsNullOrEmpty(a.MacAddress))
                    {
                        string mac;
                        do { mac = "00155D" + rnd.Next(0, 1 << 24).ToString("X6"); } while (!macs.Add(mac));
                        a.MacAddress = mac;
                    }
                    else { a.MacAddress = a.MacAddress.Replace(":", "").Replace("-", "").ToUpperInvariant(); macs.Add(a.MacAddress); }
                    a.IpAddresses = a.IpAddresses ?? new List<string>();
                    a.VmqWeight = a.VmqWeight ?? 100; a.IPsecOffloadMaxSA = a.IPsecOffloadMaxSA ?? 512; a.IovWeight = a.IovWeight ?? 0;
                    a.IovQueuePairsRequested = a.IovQueuePairsRequested ?? 1; a.IovInterruptModeration = a.IovInterruptModeration ?? "Default";
                    a.VrssEnabled = a.VrssEnabled ?? true; a.VmmqEnabled = a.VmmqEnabled ?? false;
                    a.VrssMaxQueuePairs = a.VrssMaxQueuePairs ?? 16; a.VrssMinQueuePairs = a.VrssMinQueuePairs ?? 1;
                    a.VrssQueueSchedulingMode = a.VrssQueueSchedulingMode ?? "StaticVrss";
                    a.VrssExcludePrimaryProcessor = a.VrssExcludePrimaryProcessor ?? false; a.VrssIndependentHostSpreading = a.VrssIndependentHostSpreading ?? false;
                    a.VrssVmbusChannelAffinityPolicy = a.VrssVmbusChannelAffinityPolicy ?? "Strong";
                    a.PacketDirectNumProcs = a.PacketDirectNumProcs ?? 1; a.PacketDirectModerationCount = a.PacketDirectModerationCount ?? 0; a.PacketDirectModerationInterval = a.PacketDirectModerationInterval ?? 0;
                    a.MacAddressSpoofing = a.MacAddressSpoofing ?? "Off"; a.DhcpGuard = a.DhcpGuard ?? "Off"; a.RouterGuard = a.RouterGuard ?? "Off";
                    a.AllowTeaming = a.AllowTeaming ?? "Off"; a.DeviceNaming = a.DeviceNaming ?? "Off"; a.IeeePriorityTag = a.IeeePriorityTag ?? "Off";
                    a.PortMirroringMode = a.PortMirroringMode ?? "None";
                }
                vm.Checkpoints = vm.Checkpoints ?? new List<LabCheckpoint>();
                string parent = null;
                foreach (var cp in vm.Checkpoints)
                {
                    cp.Id = cp.Id ?? NewId(); cp.CreationTime = cp.CreationTime ?? now.AddDays(-1);
                    cp.ParentId = cp.ParentId ?? parent; cp.SnapshotType = cp.SnapshotType ?? "Standard"; parent = cp.Id;
                }
                if (vm.Clustered)
                {
                    var c = LabEngine.ClusterOf(s, h.Name);
                    if (c == null) throw new InvalidDataException("VM '" + vm.Name + "' is clustered but host '" + h.Name + "' is not a cluster node.");
                    vm.ClusterGroupId = vm.ClusterGroupId ?? NewId();
                    vm.ClusterGroupName = vm.ClusterGroupName ?? vm.Name;
                }
            }
            LabReadiness.Fill(s);
            // Topology free space is given as "what is left"; VM disk files are already inside it.
            return s;
        }

        /// <summary>MaximumParallelMigrations came with the September 2022 update of Windows Server 2022: a cluster of
        /// 2016/2019 nodes cannot have it, a 2025 cluster always has it (default 1), a 2022 cluster has it when given.</summary>
        private static void ClusterVersion(LabState s, LabCluster c)
        {
            var oses = c.Nodes.Select(n => LabEngine.FindHost(s, n).Os).Distinct().ToList();
            bool old = oses.Any(o => o == "2016" || o == "2019");
            if (old && c.MaximumParallelMigrations.HasValue)
                throw new InvalidDataException("Cluster '" + c.Name + "' runs Windows Server " + string.Join("/", oses) + ", whose clusters have no MaximumParallelMigrations (it came with the September 2022 update of Windows Server 2022).");
            if (!c.MaximumParallelMigrations.HasValue && oses.All(o => o == "2025")) c.MaximumParallelMigrations = 1;
        }

        private static void Storage(LabStorage v, double sizeGB, double freeGB)
        {
            v.Id = v.Id ?? NewId();
            v.SizeBytes = v.SizeBytes > 0 ? v.SizeBytes : Gb(v.SizeGB ?? sizeGB, 0);
            v.FreeBytes = v.FreeBytes > 0 ? v.FreeBytes : Gb(v.FreeGB ?? Math.Min(freeGB, v.SizeGB ?? sizeGB), 0);
            v.Path = LabPaths.Norm(v.Path);
            if (v.Path != null && v.Path.Length == 2 && v.Path[1] == ':') v.Path += "\\";
        }
    }
}
