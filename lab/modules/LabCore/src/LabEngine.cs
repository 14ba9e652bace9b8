// The lab's time model. Migrations are records in the state; nothing runs in the background. Every read or
// write first "advances to now": it replays, in time order, each event that happened since the last look
// (a migration reaching its end or its failure point, a queued migration taking a freed slot), so progress
// follows wall time whether or not anyone watches and survives the session that started it. Processing
// events one by one makes schedules with many queued moves exact.
using System;
using System.Collections.Generic;
using System.Linq;

namespace HvLab
{
    public static class LabEngine
    {
        public const double MiB = 1024.0 * 1024.0;
        public static readonly TimeSpan TimeBeforeRemoval = TimeSpan.FromMinutes(5);

        // ---- lookups ---------------------------------------------------------------------------------------
        public static LabHost FindHost(LabState s, string name)
        {
            if (string.IsNullOrEmpty(name)) return null;
            foreach (var h in s.Hosts)
            {
                if (string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)) return h;
                if (!string.IsNullOrEmpty(h.Address) && h.Address == name) return h;
                if (string.Equals(h.Name + "." + s.Lab.Domain, name, StringComparison.OrdinalIgnoreCase)) return h;
            }
            return null;
        }
        public static LabVm FindVm(LabState s, string id)
        {
            return s.Vms.FirstOrDefault(v => string.Equals(v.Id, id, StringComparison.OrdinalIgnoreCase));
        }
        public static LabCluster ClusterOf(LabState s, string hostName)
        {
            if (hostName == null) return null;
            return s.Clusters.FirstOrDefault(c => c.Nodes.Any(n => string.Equals(n, hostName, StringComparison.OrdinalIgnoreCase)));
        }
        public static LabCluster FindCluster(LabState s, string name)
        {
            return s.Clusters.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(c.Name + "." + s.Lab.Domain, name, StringComparison.OrdinalIgnoreCase) || c.Address == name);
        }
        public static LabNodeState NodeState(LabCluster c, string node)
        {
            return c.NodeStates.FirstOrDefault(n => string.Equals(n.Name, node, StringComparison.OrdinalIgnoreCase));
        }
        public static bool IsActive(LabMigration m) { return m.Status == "Queued" || m.Status == "Running"; }
        public static LabMigration ActiveMigrationOf(LabState s, string vmId)
        {
            return s.Migrations.FirstOrDefault(m => IsActive(m) && string.Equals(m.VmId, vmId, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>Effective live-migration limit of a host: a cluster's MaximumParallelMigrations, where the cluster has
        /// one, is pushed into every node's MaximumVirtualMachineMigrations and wins over Set-VMHost (docs/hyperv.md, "Migration limits").</summary>
        public static uint MaxLive(LabState s, LabHost h)
        {
            var c = ClusterOf(s, h.Name);
            return c != null && c.MaximumParallelMigrations.HasValue ? c.MaximumParallelMigrations.Value : h.Migration.MaximumVirtualMachineMigrations;
        }

        // ---- progress ---------------------------------------------------------------------------------------
        public static int Percent(LabMigration m, DateTime now)
        {
            switch (m.Status)
            {
                case "Queued": return 0;
                case "Completed": return 100;
                case "Failed": case "Cancelled": return m.EndPercent;
            }
            if (m.DurationSeconds <= 0) return 99;
            double p = (now - m.StartTime.Value).TotalSeconds / m.DurationSeconds * 100.0;
            return (int)Math.Max(0, Math.Min(99, Math.Floor(p)));
        }

        /// <summary>CIM_ConcreteJob.JobState: 2 New (queued), 4 Running, 7 Completed, 8 Terminated, 10 Exception.</summary>
        public static ushort JobState(LabMigration m)
        {
            switch (m.Status)
            {
                case "Queued": return 2;
                case "Running": return 4;
                case "Completed": return 7;
                case "Cancelled": return 8;
                default: return 10;
            }
        }
        public static ushort JobType(LabMigration m)
        {
            return (ushort)(m.Kind == "Storage" ? 307 : m.Kind == "VirtualSystemAndStorage" ? 306 : 305);
        }
        public static ushort MigrationType(LabMigration m)
        {
            return (ushort)(m.Kind == "Storage" ? 32769 : m.Kind == "VirtualSystemAndStorage" ? 32771 : 32768);
        }
        public static string JobName(LabMigration m)
        {
            return m.Kind == "Storage" ? "Moving Storage" : m.Kind == "VirtualSystemAndStorage" ? "Moving Virtual Machine and Storage" : "Moving Virtual Machine";
        }

        // ---- time model -----------------------------------------------------------------------------------
        private static DateTime FinishTime(LabState s, LabMigration m, out int percent, out string why)
        {
            var start = m.StartTime.Value;
            DateTime best = start.AddSeconds(m.DurationSeconds); percent = 100; why = null;
            if (m.FailAtPercent.HasValue)
            {
                var t = start.AddSeconds(m.DurationSeconds * m.FailAtPercent.Value / 100.0);
                if (t <= best) { best = t; percent = m.FailAtPercent.Value; why = "static"; }
            }
            if (m.Kind != "Storage" && !IsQuick(m))
            {
                foreach (var f in s.Faults)
                {
                    if (f.Type != "NetworkDrop") continue;
                    if (f.HostName != null && !Same(f.HostName, m.SourceHost) && !Same(f.HostName, m.DestinationHost)) continue;
                    int p = f.AtPercent ?? 50;
                    var t = start.AddSeconds(m.DurationSeconds * p / 100.0);
                    if (t < f.CreatedAt || t < start) continue;   // the fault came after the move passed that point
                    if (t < best || (t == best && percent == 100)) { best = t; percent = p; why = "drop"; }
                }
            }
            return best;
        }

        /// <summary>Replays every event up to now. Returns true if the state changed.</summary>
        public static bool Advance(LabState s, DateTime now)
        {
            bool changed = false;
            while (true)
            {
                LabMigration next = null; DateTime nextT = DateTime.MaxValue; int nextP = 0; string nextWhy = null;
                foreach (var m in s.Migrations)
                {
                    if (m.Status != "Running") continue;
                    int p; string why;
                    var t = FinishTime(s, m, out p, out why);
                    if (t < nextT || (t == nextT && m.Seq < next.Seq)) { next = m; nextT = t; nextP = p; nextWhy = why; }
                }
                var quick = NextQuickStep(s, now);
                if (quick != null && (next == null || QuickStepTime(quick) < nextT))
                {
                    TakeQuickStep(s, quick);
                    changed = true;
                    continue;
                }
                if (next == null || nextT > now) break;
                if (nextWhy == null) Succeed(s, next, nextT);
                else if (nextWhy == "drop") Fail(s, next, nextT, nextP, "OperationFailed", 32768, DropMessage(s, next), "Failed to send data for a Virtual Machine migration.");
                else Fail(s, next, nextT, nextP, next.FailErrorId ?? "OperationFailed", next.FailCode == 0 ? 32768 : next.FailCode, next.FailMessage, next.FailSummary);
                TryStartQueued(s, nextT);
                changed = true;
            }
            int before = s.Migrations.Count;
            s.Migrations.RemoveAll(m => m.EndTime.HasValue && m.EndTime.Value + TimeBeforeRemoval < now);
            if (s.Migrations.Count != before) changed = true;
            return changed;
        }

        /// <summary>Starts queued migrations (in request order) that have a free slot at time t.</summary>
        public static void TryStartQueued(LabState s, DateTime t)
        {
            foreach (var m in s.Migrations.Where(x => x.Status == "Queued").OrderBy(x => x.Seq).ToList())
            {
                var src = FindHost(s, m.SourceHost);
                if (src == null) { Fail(s, m, t, 0, "OperationFailed", 32768, "The source host '" + m.SourceHost + "' no longer exists.", null); continue; }
                bool storage = m.Kind == "Storage";
                uint limit = storage ? src.Migration.MaximumStorageMigrations : MaxLive(s, src);
                int running = s.Migrations.Count(x => x.Status == "Running" && Same(x.SourceHost, m.SourceHost) && (x.Kind == "Storage") == storage);
                if (running < Math.Max(1, limit)) Start(s, m, t);
            }
        }

        public static LabMigration Submit(LabState s, LabMigration m, DateTime now)
        {
            s.Seq++;
            m.Seq = s.Seq;
            if (string.IsNullOrEmpty(m.Id)) m.Id = Guid.NewGuid().ToString().ToUpperInvariant();
            m.SubmitTime = now;
            m.Status = "Queued";
            var vm = FindVm(s, m.VmId);
            m.VmName = vm.Name;
            m.VmStateAtStart = vm.State;
            long bytes = 0;
            bool running = vm.State == "Running" || vm.State == "Paused";
            if (m.Kind != "Storage" && running && (m.Mode == "Live" || m.Mode == "Quick")) bytes += vm.MemoryStartupBytes;
            // A quick migration writes the memory to the cluster's storage and reads it back on the new owner: twice.
            if (IsQuick(m) && running) bytes += vm.MemoryStartupBytes;
            if (m.Plan != null) bytes += m.Plan.Disks.Sum(d => d.Bytes);
            m.Bytes = bytes;
            m.DurationSeconds = bytes / (Math.Max(1.0, s.Lab.MigrationBandwidthMBps) * MiB);
            s.Migrations.Add(m);
            TryStartQueued(s, now);
            return m;
        }

        public static bool Cancel(LabState s, LabMigration m, DateTime now)
        {
            if (!IsActive(m) || !Cancellable(m)) return false;
            int p = Percent(m, now);
            m.Status = "Cancelled"; m.EndTime = now; m.EndPercent = p;
            m.ErrorId = "OperationFailed"; m.ErrorCode = 32768;
            m.ErrorMessage = FailedAt(s, m, true) + "\nThe operation was canceled by the user. (0x800704C7)";
            m.ErrorSummary = "The operation was canceled by the user.";
            BackOnSource(s, m);
            LeavePlannedVm(s, m, now);
            AfterEnd(s, m);
            TryStartQueued(s, now);
            return true;
        }

        /// <summary>Host down/up. Down: every active migration from or to it fails at this moment.</summary>
        public static void SetHostDown(LabState s, string host, bool down, DateTime now)
        {
            var h = FindHost(s, host);
            if (h == null) throw new ArgumentException("No lab host named '" + host + "'.");
            h.Down = down;
            if (!down) { TryStartQueued(s, now); return; }
            foreach (var m in s.Migrations.Where(IsActive).OrderBy(x => x.Seq).ToList())
            {
                bool src = Same(m.SourceHost, h.Name), dst = Same(m.DestinationHost, h.Name);
                if (!src && !dst) continue;
                string other = src ? m.DestinationHost ?? m.SourceHost : m.SourceHost;
                Fail(s, m, now, Percent(m, now), "OperationFailed", 32768,
                    FailedAt(s, m, !dst) + "\nThe Virtual Machine Management Service failed to establish a connection for a Virtual Machine migration with host '" + (src ? other : h.Name) + "': An existing connection was forcibly closed by the remote host. (0x80072746).",
                    "The connection with host '" + h.Name + "' was lost.");
            }
            TryStartQueued(s, now);
        }

        // ---- start: decide what will happen -----------------------------------------------------------------
        private static void Start(LabState s, LabMigration m, DateTime t)
        {
            m.Status = "Running"; m.StartTime = t;
            var vm = FindVm(s, m.VmId);
            if (IsQuick(m) && IsRunningState(m.VmStateAtStart)) vm.State = "Saving";
            var src = FindHost(s, m.SourceHost);
            var dst = m.Kind == "Storage" ? src : FindHost(s, m.DestinationHost);
            string vmId = "(Virtual machine ID " + vm.Id.ToUpperInvariant() + ")";
            Action<int, string, string, string> plan = (p, msg, summary, id) =>
            {
                if (m.FailAtPercent.HasValue && m.FailAtPercent.Value <= p) return;
                m.FailAtPercent = p; m.FailMessage = msg; m.FailSummary = summary; m.FailErrorId = id ?? "OperationFailed"; m.FailCode = 32768;
            };
            if (dst == null || dst.Down)
            {
                plan(0, FailedAt(s, m, true) + "\nThe Virtual Machine Management Service failed to establish a connection for a Virtual Machine migration with host '" + m.DestinationHost + "': A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond. (0x8007274C).",
                    "Failed to connect to host '" + m.DestinationHost + "'.", null);
                return;
            }
            if (m.Kind != "Storage" && !IsQuick(m))
            {
                // Lab choice of text and id: the real cmdlet removes a stale planned VM first; this is the case where
                // the one a failed move left could not be removed.
                if (s.PlannedVms.Any(p => Same(p.VmId, vm.Id) && Same(p.Host, dst.Name)))
                    plan(0, FailedAt(s, m, false) + "\nFailed to create Planned Virtual Machine at migration destination: The object already exists. (0x80071392)",
                        "Failed to create Planned Virtual Machine at migration destination: The object already exists.", null);
                if (HasFault(s, "AuthFailure", src.Name, null) || (m.Cluster == null && LabReadiness.DelegationMissing(s, src, dst, m.Kind == "VirtualSystemAndStorage")))
                    plan(0, FailedAt(s, m, true) + "\nThe Virtual Machine Management Service failed to establish a connection for a Virtual Machine migration with host '" + dst.Name + "': No credentials are available in the security package (0x8009030E).\nFailed to authenticate the connection at the source host: no suitable credentials available.",
                        "Failed to authenticate the connection at the source host: no suitable credentials available.", null);
                // Disabled on the destination = nothing listens on TCP 6600 there: connection refused.
                if (!dst.Migration.Enabled)
                    plan(0, FailedAt(s, m, true) + "\nThe Virtual Machine Management Service failed to establish a connection for a Virtual Machine migration with host '" + dst.Name + "': No connection could be made because the target machine actively refused it. (0x8007274D).",
                        "No connection could be made because the target machine actively refused it.", null);
                // Source side disabled: text not confirmed by a public source (lab wording).
                if (!src.Migration.Enabled)
                    plan(0, FailedAt(s, m, true) + "\nVirtual machine migration is not enabled on host '" + src.Name + "'. Enable it with Enable-VMMigration. (0x80042001)",
                        "Virtual machine migration is not enabled on the source host.", "InvalidState");
            }
            if (m.Kind != "Storage")
            {
                // A quick migration restores the saved state on the new owner: switches, version and processor still count.
                foreach (var inc in Incompatibilities(s, vm, src, dst, m.Kind, m.Plan, m.AdapterSwitches).Where(i => i.Kind != "spacefault"))
                    plan(inc.Percent, FailedAt(s, m, false) + "\n" + inc.Preamble + inc.Message, inc.Message, null);
            }
            else
            {
                foreach (var inc in Incompatibilities(s, vm, src, dst, m.Kind, m.Plan).Where(i => i.Kind == "space"))
                    plan(inc.Percent, FailedAt(s, m, false) + "\n" + inc.Message, inc.Message, null);
            }
            if (HasFault(s, "DiskFull", dst.Name, null))
            {
                var f = s.Faults.First(x => x.Type == "DiskFull" && Same(x.HostName, dst.Name));
                int p = m.Plan != null && m.Plan.Disks.Count > 0 ? (f.AtPercent ?? 50) : 5;
                plan(p, FailedAt(s, m, false) + "\nThere is not enough space on the disk. (0x80070070).", "There is not enough space on the disk.", null);
            }
        }

        /// <summary>The switch an adapter is connected to at the destination: as on the source, unless the planned VM's
        /// adapter was connected to another one.</summary>
        public static string SwitchAtDestination(LabAdapter a, IEnumerable<LabAdapterSwitch> adapterSwitches)
        {
            var o = adapterSwitches == null ? null : adapterSwitches.FirstOrDefault(x => x != null && Same(x.AdapterId, a.Id));
            return o != null ? o.SwitchName : a.SwitchName;
        }

        public class Incompat
        {
            public string Kind; public long MessageId; public string Message; public string Preamble = ""; public int Percent; public object SourceKey;
        }

        /// <summary>What stops this VM from running at the destination (shared by Compare-VM and migration start).
        /// MessageId 33012 is confirmed; the others are lab choices (unconfirmed: docs/hyperv.md, "Moving VMs").</summary>
        public static List<Incompat> Incompatibilities(LabState s, LabVm vm, LabHost src, LabHost dst, string kind, LabMovePlan plan, IList<LabAdapterSwitch> adapterSwitches = null)
        {
            var list = new List<Incompat>();
            string notCompat = "The virtual machine '" + vm.Name + "' is not compatible with physical computer '" + dst.Name + "'. (Virtual machine ID " + vm.Id.ToUpperInvariant() + ")\n";
            if (kind != "Storage")
            {
                foreach (var a in vm.Adapters)
                {
                    string sw = SwitchAtDestination(a, adapterSwitches);
                    if (string.IsNullOrEmpty(sw)) continue;
                    if (!dst.Switches.Any(w => string.Equals(w.Name, sw, StringComparison.OrdinalIgnoreCase)))
                        list.Add(new Incompat { Kind = "switch", MessageId = 33012, Message = "Could not find Ethernet switch '" + sw + "'.", Preamble = notCompat, Percent = 5, SourceKey = a });
                }
                if (!SupportedVersions(dst.Os).Contains(vm.Version ?? ""))
                    list.Add(new Incompat { Kind = "version", MessageId = 24004, Percent = 1, SourceKey = vm, Preamble = notCompat,
                        Message = "The virtual machine '" + vm.Name + "' has configuration version " + vm.Version + ", which is not supported by host '" + dst.Name + "' (Windows Server " + dst.Os + "). The host supports versions " + string.Join(", ", SupportedVersions(dst.Os)) + "." });
                if (ProcessorIncompatible(s, vm, src, dst))
                    list.Add(new Incompat { Kind = "processor", MessageId = 24006, Percent = 2, SourceKey = vm,
                        Message = "The virtual machine '" + vm.Name + "' is using processor-specific features not supported on host '" + dst.Name + "'. To migrate this virtual machine to a physical computer with a different processor, modify the virtual machine settings to limit the processor features used by the virtual machine. (Virtual machine ID " + vm.Id.ToUpperInvariant() + ")" });
                if (kind == "VirtualSystem")
                {
                    foreach (var p in VmFiles(vm))
                    {
                        if (!LabPaths.IsShared(s, p, dst.Name) || LabPaths.Storage(s, p, dst.Name) == null)
                        {
                            list.Add(new Incompat { Kind = "storage", MessageId = 40010, Percent = 3, SourceKey = vm, Preamble = notCompat,
                                Message = "The file '" + p + "' is on storage that host '" + dst.Name + "' cannot reach. Move the storage with the virtual machine (-IncludeStorage) or place it on an SMB share or cluster shared volume. (0x80070003)" });
                            break;
                        }
                    }
                }
            }
            // Destination space, per volume, net of running storage moves' reservations.
            if (plan != null && plan.Disks.Count > 0)
            {
                var need = new Dictionary<LabStorage, long>();
                foreach (var d in plan.Disks)
                {
                    var st = LabPaths.Storage(s, d.Destination, dst.Name);
                    if (st == null)
                    {
                        list.Add(new Incompat { Kind = "path", MessageId = 40012, Percent = 1, SourceKey = vm,
                            Message = "The destination path '" + d.Destination + "' does not exist on host '" + dst.Name + "'. The system cannot find the path specified. (0x80070003)" });
                        continue;
                    }
                    long n; need.TryGetValue(st, out n); need[st] = n + d.Bytes;
                }
                foreach (var kv in need)
                {
                    long reserved = s.Migrations.Where(x => x.Status == "Running" && x.Plan != null && x.VmId != vm.Id)
                        .SelectMany(x => x.Plan.Disks.Select(d => new { x, d }))
                        .Where(z => LabPaths.Storage(s, z.d.Destination, z.x.Kind == "Storage" ? z.x.SourceHost : z.x.DestinationHost) == kv.Key)
                        .Sum(z => z.d.Bytes);
                    if (kv.Value > kv.Key.FreeBytes - reserved)
                        list.Add(new Incompat { Kind = "space", MessageId = 40016, Percent = 2, SourceKey = vm,
                            Message = "There is not enough space on the disk '" + kv.Key.Path + "' of host '" + dst.Name + "' to hold the virtual machine's files: " + (kv.Value / (1 << 20)) + " MB needed, " + Math.Max(0, (kv.Key.FreeBytes - reserved) / (1 << 20)) + " MB available. (0x80070070)" });
                }
            }
            if (HasFault(s, "DiskFull", dst.Name, null) && !list.Any(i => i.Kind == "space"))
                list.Add(new Incompat { Kind = "spacefault", MessageId = 40016, Percent = 2, SourceKey = vm,
                    Message = "There is not enough space on the disk of host '" + dst.Name + "' to hold the virtual machine's files. (0x80070070)" });
            return list;
        }

        public static IEnumerable<string> VmFiles(LabVm vm)
        {
            foreach (var d in vm.Disks) yield return d.Path;
            if (!string.IsNullOrEmpty(vm.ConfigurationLocation)) yield return vm.ConfigurationLocation;
        }

        public static bool ProcessorIncompatible(LabState s, LabVm vm, LabHost src, LabHost dst)
        {
            // Only a VM with live processor state (running, paused, saved) cares about processor features.
            if (vm.State == "Off") return false;
            if (s.Faults.Any(f => f.Type == "ProcessorIncompatible" &&
                ((f.HostName == null && f.TargetHost == null) ||
                 (Same(f.HostName, src.Name) && (f.TargetHost == null || Same(f.TargetHost, dst.Name))) ||
                 (Same(f.HostName, dst.Name) && (f.TargetHost == null || Same(f.TargetHost, src.Name))) ||
                 (f.HostName == null && Same(f.TargetHost, dst.Name)))))
                return true;
            if (!string.Equals(src.Processor.Vendor, dst.Processor.Vendor, StringComparison.OrdinalIgnoreCase)) return true;
            if (vm.CompatibilityForMigration) return false;
            return src.Processor.Features.Any(f => !dst.Processor.Features.Contains(f, StringComparer.OrdinalIgnoreCase));
        }

        public static string[] SupportedVersions(string os)
        {
            switch (os)
            {
                case "2025": return new[] { "8.0", "8.1", "8.2", "8.3", "9.0", "9.1", "9.2", "9.3", "10.0", "11.0", "12.0" };
                case "2019": return new[] { "5.0", "6.2", "7.0", "7.1", "8.0", "8.1", "8.2", "8.3", "9.0" };
                case "2016": return new[] { "5.0", "6.2", "7.0", "7.1", "8.0" };
                case "2012R2": return new[] { "5.0" };
                default: return new[] { "8.0", "8.1", "8.2", "8.3", "9.0", "9.1", "9.2", "9.3", "10.0" };   // 2022
            }
        }
        public static string DefaultVersion(string os)
        {
            switch (os) { case "2025": return "12.0"; case "2019": return "9.0"; case "2016": return "8.0"; case "2012R2": return "5.0"; default: return "10.0"; }
        }

        public static bool HasFault(LabState s, string type, string host, string target)
        {
            return s.Faults.Any(f => f.Type == type && (f.HostName == null || Same(f.HostName, host)));
        }

        // ---- end -----------------------------------------------------------------------------------------------
        private static void Succeed(LabState s, LabMigration m, DateTime t)
        {
            var vm = FindVm(s, m.VmId);
            m.Status = "Completed"; m.EndTime = t; m.EndPercent = 100;
            if (vm != null)
            {
                string srcHost = vm.Host;
                if (IsQuick(m)) vm.State = m.VmStateAtStart;
                if (m.Kind != "Storage")
                {
                    vm.Host = FindHost(s, m.DestinationHost).Name;
                    foreach (var a in vm.Adapters) a.SwitchName = SwitchAtDestination(a, m.AdapterSwitches);
                }
                if (m.Plan != null) ApplyPlan(s, vm, m, srcHost);
            }
            AfterEnd(s, m);
        }

        private static void ApplyPlan(LabState s, LabVm vm, LabMigration m, string srcHost)
        {
            var p = m.Plan;
            if (!string.IsNullOrEmpty(p.VirtualMachinePath)) { vm.Path = p.VirtualMachinePath; vm.ConfigurationLocation = p.VirtualMachinePath; }
            if (!string.IsNullOrEmpty(p.SnapshotFilePath)) vm.SnapshotFileLocation = p.SnapshotFilePath;
            if (!string.IsNullOrEmpty(p.SmartPagingFilePath)) vm.SmartPagingFilePath = p.SmartPagingFilePath;
            foreach (var d in p.Disks)
            {
                var disk = vm.Disks.FirstOrDefault(x => string.Equals(LabPaths.Norm(x.Path), LabPaths.Norm(d.Source), StringComparison.OrdinalIgnoreCase));
                if (disk == null) continue;
                var from = LabPaths.Storage(s, d.Source, srcHost);
                var to = LabPaths.Storage(s, d.Destination, vm.Host);
                disk.Path = d.Destination;
                if (from == to) continue;
                if (to != null) to.FreeBytes -= d.Bytes;
                if (from != null && !p.RetainVhdCopiesOnSource) from.FreeBytes += d.Bytes;
            }
        }

        private static void Fail(LabState s, LabMigration m, DateTime t, int percent, string id, int code, string message, string summary)
        {
            m.Status = "Failed"; m.EndTime = t; m.EndPercent = percent;
            m.ErrorId = id; m.ErrorCode = code; m.ErrorMessage = message; m.ErrorSummary = summary ?? message;
            BackOnSource(s, m);
            LeavePlannedVm(s, m, t);
            AfterEnd(s, m);
        }

        // ---- quick migration ---------------------------------------------------------------------------------------
        // Move-ClusterVirtualMachineRole -MigrationType Quick: save the VM, move the role, restore it on the new owner
        // (docs/hyperv.md; the reference's Move-ClusterVirtualMachineRole section). It needs no live migration set-up
        // (no VMMS connection between the hosts: the saved state is on the cluster's storage), so migration being off,
        // authentication and network drops do not touch it; a saved state restores only where the processor, switches
        // and configuration version fit, so those still fail it. Phases as shares of its time (lab choice): Saving on
        // the source until 40 %, Saved until 60 %, then the role is on the destination, Starting, until the end.
        public static bool IsQuick(LabMigration m) { return m.Mode == "Quick"; }
        public static bool IsRunningState(string state) { return state == "Running" || state == "Paused"; }

        /// <summary>Only a live migration can be cancelled (the reference: -Cancel cancels an in-progress live
        /// migration); a quick migration's save and restore run to their end.</summary>
        public static bool Cancellable(LabMigration m) { return !IsQuick(m) || !IsRunningState(m.VmStateAtStart); }

        private static LabMigration NextQuickStep(LabState s, DateTime now)
        {
            LabMigration best = null;
            foreach (var m in s.Migrations)
            {
                if (m.Status != "Running" || !IsQuick(m) || !IsRunningState(m.VmStateAtStart) || m.QuickPhase >= 2) continue;
                var t = QuickStepTime(m);
                if (t <= now && (best == null || t < QuickStepTime(best))) best = m;
            }
            return best;
        }

        private static DateTime QuickStepTime(LabMigration m)
        {
            return m.StartTime.Value.AddSeconds(m.DurationSeconds * (m.QuickPhase == 0 ? 0.4 : 0.6));
        }

        private static void TakeQuickStep(LabState s, LabMigration m)
        {
            var vm = FindVm(s, m.VmId);
            m.QuickPhase++;
            if (vm == null) return;
            if (m.QuickPhase == 1) { vm.State = "Saved"; return; }
            vm.Host = FindHost(s, m.DestinationHost).Name;
            vm.State = "Starting";
        }

        /// <summary>A quick migration that fails: the cluster brings the role online again on its source node, as it
        /// was (lab choice: the real cluster may pick another possible owner).</summary>
        private static void BackOnSource(LabState s, LabMigration m)
        {
            if (!IsQuick(m) || !IsRunningState(m.VmStateAtStart)) return;
            var vm = FindVm(s, m.VmId);
            if (vm == null) return;
            var src = FindHost(s, m.SourceHost);
            if (src != null) vm.Host = src.Name;
            vm.State = m.VmStateAtStart;
        }

        // ---- planned VMs -----------------------------------------------------------------------------------------
        /// <summary>A move to another host that had begun (the destination made its planned VM) and failed or was
        /// cancelled leaves that planned VM behind when the PlannedVmLeftover fault is on for the destination (a lab
        /// choice: Hyper-V normally removes it; the fault stands for the times it does not).</summary>
        private static void LeavePlannedVm(LabState s, LabMigration m, DateTime t)
        {
            if (m.Kind == "Storage" || m.Cluster != null || m.StartTime == null || m.DestinationHost == null) return;
            var dst = FindHost(s, m.DestinationHost);
            if (dst == null || !HasFault(s, "PlannedVmLeftover", dst.Name, null)) return;
            if (s.PlannedVms.Any(p => Same(p.VmId, m.VmId) && Same(p.Host, dst.Name))) return;
            s.PlannedVms.Add(new LabPlannedVm { VmId = m.VmId, VmName = m.VmName, Host = dst.Name, MigrationId = m.Id, CreatedAt = t });
        }

        /// <summary>Planned VMs a host holds now: those left behind, and those of moves running to it.</summary>
        public static List<LabPlannedVm> PlannedVmsOn(LabState s, string host)
        {
            var list = s.PlannedVms.Where(p => Same(p.Host, host)).ToList();
            foreach (var m in s.Migrations.Where(x => x.Status == "Running" && x.Kind != "Storage" && Same(x.DestinationHost, host)))
                if (!list.Any(p => Same(p.VmId, m.VmId))) list.Add(new LabPlannedVm { VmId = m.VmId, VmName = m.VmName, Host = host, MigrationId = m.Id, CreatedAt = m.StartTime ?? m.SubmitTime });
            return list;
        }

        /// <summary>Records a moving cmdlet's call on a host.</summary>
        public static void RecordCall(LabState s, string cmdlet, LabVm vm, string host, DateTime now)
        {
            s.Calls.Add(new LabCall { Cmdlet = cmdlet, VmId = vm.Id, VmName = vm.Name, Host = host, At = now });
        }

        /// <summary>Drain / failback bookkeeping of cluster nodes.</summary>
        private static void AfterEnd(LabState s, LabMigration m)
        {
            if (m.DrainNode == null && m.FailbackNode == null) return;
            var c = s.Clusters.FirstOrDefault(x => x.Name == m.Cluster);
            if (c == null) return;
            if (m.DrainNode != null)
            {
                var ns = NodeState(c, m.DrainNode);
                if (ns != null && ns.DrainStatus == "InProgress")
                {
                    var ms = s.Migrations.Where(x => ns.DrainMigrationIds.Contains(x.Id)).ToList();
                    if (ms.All(x => !IsActive(x)))
                        ns.DrainStatus = ms.All(x => x.Status == "Completed") ? "Completed" : "Failed";
                }
            }
            if (m.FailbackNode != null)
            {
                var ns = NodeState(c, m.FailbackNode);
                if (ns != null && ns.FailbackStatus == "InProgress")
                {
                    var ms = s.Migrations.Where(x => ns.FailbackMigrationIds.Contains(x.Id)).ToList();
                    if (ms.All(x => !IsActive(x)))
                        ns.FailbackStatus = ms.All(x => x.Status == "Completed") ? "Completed" : "Failed";
                }
            }
        }

        // ---- messages ----------------------------------------------------------------------------------------
        public static string FailedAt(LabState s, LabMigration m, bool atSource)
        {
            string where = atSource ? "source '" + m.SourceHost + "'" : "destination '" + (m.DestinationHost ?? m.SourceHost) + "'";
            string what = m.Kind == "Storage" ? "Storage migration" : "Virtual machine migration";
            return what + " operation for '" + m.VmName + "' failed at migration " + where + ". (Virtual machine ID " + (m.VmId ?? "").ToUpperInvariant() + ")";
        }

        private static string DropMessage(LabState s, LabMigration m)
        {
            return FailedAt(s, m, true) + "\nThe Virtual Machine Management Service failed to send data for a Virtual Machine migration to host '" + m.DestinationHost + "': An existing connection was forcibly closed by the remote host. (0x80072746).";
        }

        public static bool Same(string a, string b) { return string.Equals(a, b, StringComparison.OrdinalIgnoreCase); }
    }
}
