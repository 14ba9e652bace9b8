// What a host needs beside Hyper-V before live migration works, as the lab keeps it: the domain's computer accounts
// (Kerberos constrained delegation, read by the ActiveDirectory stand-in) and each host's Windows Firewall rules
// (read by the NetSecurity stand-in). Defaults model a domain already set up for moves, so topologies that say
// nothing behave as before; `lab plant` takes pieces away so that each readiness check can fail.
using System;
using System.Collections.Generic;
using System.Linq;

namespace HvLab
{
    public class LabComputerAccount
    {
        public string Name { get; set; }
        public string ObjectGuid { get; set; }
        public string Sid { get; set; }
        /// <summary>"Trust this computer for delegation to specified services only" + "Use any authentication protocol".</summary>
        public bool TrustedToAuthForDelegation { get; set; }
        /// <summary>Unconstrained delegation ("Trust this computer for delegation to any service").</summary>
        public bool TrustedForDelegation { get; set; }
        /// <summary>msDS-AllowedToDelegateTo: SPNs such as "cifs/HV-WEST.lab.local".</summary>
        public List<string> AllowedToDelegateTo { get; set; } = new List<string>();
    }

    public class LabDirectory
    {
        public List<LabComputerAccount> Computers { get; set; } = new List<LabComputerAccount>();
        /// <summary>Hosts whose sessions cannot reach a domain controller (the double hop: no credentials to pass on).</summary>
        public List<string> UnreachableFrom { get; set; } = new List<string>();
    }

    public class LabFirewallRule
    {
        public string Name { get; set; }
        public string DisplayName { get; set; }
        public string DisplayGroup { get; set; }
        public string Description { get; set; }
        public bool Enabled { get; set; } = true;
        public string Direction { get; set; } = "Inbound";
        public string Action { get; set; } = "Allow";
        public string Profile { get; set; } = "Any";
        public string Protocol { get; set; } = "TCP";
        public string LocalPort { get; set; }
    }

    public static class LabReadiness
    {
        public const string MigrationService = "Microsoft Virtual System Migration Service";
        public const string MigrationRule = "VIRT-MIGL-In-TCP-NoScope";
        public const string SmbRule = "FPS-SMB-In-TCP";

        /// <summary>The built-in inbound rules of a Hyper-V host that matter for moves (names are not localized;
        /// display names are the English ones).</summary>
        public static List<LabFirewallRule> DefaultFirewall()
        {
            Func<string, string, string, string, LabFirewallRule> hv = (name, display, port, what) => new LabFirewallRule
            {
                Name = name, DisplayName = display, DisplayGroup = "Hyper-V", LocalPort = port,
                Description = "Inbound rule for Hyper-V to allow " + what,
            };
            return new List<LabFirewallRule>
            {
                hv("VIRT-WMI-RPCSS-In-TCP-NoScope", "Hyper-V - WMI (DCOM-In)", "135", "remote management via WMI. [DCOM]"),
                hv("VIRT-WMI-WINMGMT-In-TCP-NoScope", "Hyper-V - WMI (TCP-In)", "RPC", "remote management via WMI. [TCP]"),
                hv("VIRT-WMI-ASYNC-In-TCP-NoScope", "Hyper-V - WMI (Async-In)", "RPC", "remote management via WMI. [Async]"),
                hv("VIRT-VMMS-RPC-EPMAP-In-NoScope", "Hyper-V (RPC-EPMAP)", "RPCEPMap", "remote management via RPC/TCP. [RPC-EPMAP]"),
                hv("VIRT-VMMS-RPC-In-NoScope", "Hyper-V (RPC)", "RPC", "remote management via RPC/TCP."),
                hv(MigrationRule, "Hyper-V (MIG-TCP-In)", "6600", "planned failover of virtual machines. [TCP 6600]"),
                hv("VIRT-REMOTEDESKTOP-In-TCP-NoScope", "Hyper-V (REMOTE_DESKTOP_TCP_IN)", "2179", "remote connection to virtual machine. [TCP 2179]"),
                new LabFirewallRule
                {
                    Name = SmbRule, DisplayName = "File and Printer Sharing (SMB-In)", DisplayGroup = "File and Printer Sharing", LocalPort = "445",
                    Description = "Inbound rule for File and Printer Sharing to allow Server Message Block transmission and reception via Named Pipes. [TCP 445]",
                },
            };
        }

        /// <summary>Fills what a topology left out: a computer account per host and each host's firewall rules.
        /// With reset, every account and rule goes back to that default and AD is reachable from everywhere.</summary>
        public static void Fill(LabState s, bool reset = false)
        {
            if (s.Directory == null || reset) s.Directory = new LabDirectory();
            s.Directory.Computers = s.Directory.Computers ?? new List<LabComputerAccount>();
            s.Directory.UnreachableFrom = s.Directory.UnreachableFrom ?? new List<string>();
            foreach (var h in s.Hosts)
            {
                if (h.Firewall == null || reset) h.Firewall = DefaultFirewall();
                var account = FindAccount(s, h.Name);
                if (account == null)
                {
                    account = new LabComputerAccount { Name = h.Name, TrustedToAuthForDelegation = true };
                    foreach (var other in s.Hosts.Where(o => !Same(o.Name, h.Name))) account.AllowedToDelegateTo.AddRange(SpnsFor(s, other.Name, true, true));
                    s.Directory.Computers.Add(account);
                }
                account.AllowedToDelegateTo = account.AllowedToDelegateTo ?? new List<string>();
                account.ObjectGuid = account.ObjectGuid ?? Guid.NewGuid().ToString();
                account.Sid = account.Sid ?? "S-1-5-21-3623811015-3361044348-30300820-" + (1100 + s.Directory.Computers.IndexOf(account));
            }
        }

        /// <summary>The SPNs that let a source delegate to this destination: the migration service and/or cifs,
        /// each by NetBIOS name and by FQDN.</summary>
        public static List<string> SpnsFor(LabState s, string destination, bool migration, bool cifs)
        {
            var names = new[] { destination, destination + "." + s.Lab.Domain };
            var list = new List<string>();
            if (migration) list.AddRange(names.Select(n => MigrationService + "/" + n));
            if (cifs) list.AddRange(names.Select(n => "cifs/" + n));
            return list;
        }

        /// <summary>An account by sAMAccountName (with or without the trailing $), name, distinguished name,
        /// objectGUID or SID, as the ActiveDirectory module resolves -Identity.</summary>
        public static LabComputerAccount FindAccount(LabState s, string identity)
        {
            if (string.IsNullOrEmpty(identity) || s.Directory == null) return null;
            string id = identity.Trim();
            if (id.EndsWith("$")) id = id.Substring(0, id.Length - 1);
            if (id.StartsWith("CN=", StringComparison.OrdinalIgnoreCase))
            {
                int comma = id.IndexOf(',');
                if (comma < 0 || !Same(id.Substring(comma + 1), ComputersContainer(s))) return null;
                id = id.Substring(3, comma - 3);
            }
            return s.Directory.Computers.FirstOrDefault(a => Same(a.Name, id) || Same(a.ObjectGuid, id) || Same(a.Sid, id));
        }

        public static string DomainDn(LabState s)
        {
            return string.Join(",", s.Lab.Domain.Split('.').Select(p => "DC=" + p));
        }

        public static string ComputersContainer(LabState s) { return "CN=Computers," + DomainDn(s); }

        public static bool Reachable(LabState s, string fromHost)
        {
            return s.Directory == null || !s.Directory.UnreachableFrom.Any(h => Same(h, fromHost));
        }

        /// <summary>Whether a move from src to dst fails to authenticate for want of Kerberos delegation: the source
        /// uses Kerberos and its computer account may not delegate the migration service (and cifs, when storage
        /// moves) to the destination. Moves start in remote sessions, which have no credentials of their own.</summary>
        public static bool DelegationMissing(LabState s, LabHost src, LabHost dst, bool storage)
        {
            if (src == null || dst == null || src.Migration.AuthenticationType != "Kerberos") return false;
            var a = FindAccount(s, src.Name);
            if (a == null || a.TrustedForDelegation) return false;
            Func<string, bool> has = cls => a.AllowedToDelegateTo.Any(x => x.StartsWith(cls + "/", StringComparison.OrdinalIgnoreCase) && TargetIs(s, x, dst.Name));
            return !has(MigrationService) || (storage && !has("cifs"));
        }

        /// <summary>Takes one piece of readiness away (for tests and demos); see `lab plant`.</summary>
        public static string Plant(LabState s, string problem, string hostName, string to, string service, string rule, string value)
        {
            Fill(s);
            if (problem == "clear") { Fill(s, true); return "readiness back to the defaults"; }
            var h = LabEngine.FindHost(s, hostName);
            if (h == null) throw new ArgumentException("No lab host named '" + hostName + "'.");
            var account = FindAccount(s, h.Name);
            switch (problem)
            {
                case "delegation-missing":
                    bool migration = string.IsNullOrEmpty(service) || service == "migration", cifs = string.IsNullOrEmpty(service) || service == "cifs";
                    if (!migration && !cifs) throw new ArgumentException("--service is migration or cifs.");
                    var dst = string.IsNullOrEmpty(to) ? null : LabEngine.FindHost(s, to);
                    if (!string.IsNullOrEmpty(to) && dst == null) throw new ArgumentException("No lab host named '" + to + "'.");
                    int removed = account.AllowedToDelegateTo.RemoveAll(spn =>
                        (migration && spn.StartsWith(MigrationService + "/", StringComparison.OrdinalIgnoreCase) || cifs && spn.StartsWith("cifs/", StringComparison.OrdinalIgnoreCase)) &&
                        (dst == null || TargetIs(s, spn, dst.Name)));
                    return h.Name + ": " + removed + " delegation entries removed";
                case "protocol-transition-off":
                    account.TrustedToAuthForDelegation = false;
                    return h.Name + ": delegation limited to Kerberos only";
                case "ad-unreachable":
                    if (Reachable(s, h.Name)) s.Directory.UnreachableFrom.Add(h.Name);
                    return h.Name + ": Active Directory cannot be reached from its sessions";
                case "firewall-off":
                    string name = string.IsNullOrEmpty(rule) ? MigrationRule : rule;
                    var r = h.Firewall.FirstOrDefault(x => Same(x.Name, name));
                    if (r == null) throw new ArgumentException("Host '" + h.Name + "' has no firewall rule named '" + name + "'.");
                    r.Enabled = false;
                    return h.Name + ": firewall rule " + r.Name + " disabled";
                case "migration-off":
                    h.Migration.Enabled = false;
                    return h.Name + ": live migration turned off";
                case "no-network":
                    h.Migration.UseAnyNetwork = false;
                    h.Migration.Networks.Clear();
                    return h.Name + ": no network for incoming live migration";
                case "auth":
                    if (value != "CredSSP" && value != "Kerberos") throw new ArgumentException("auth is CredSSP or Kerberos.");
                    h.Migration.AuthenticationType = value;
                    return h.Name + ": live migration authentication " + value;
                default:
                    throw new ArgumentException("Unknown readiness problem '" + problem + "'.");
            }
        }

        private static bool TargetIs(LabState s, string spn, string host)
        {
            int slash = spn.IndexOf('/');
            string target = slash < 0 ? "" : spn.Substring(slash + 1);
            return Same(target, host) || Same(target, host + "." + s.Lab.Domain);
        }

        private static bool Same(string a, string b) { return string.Equals(a, b, StringComparison.OrdinalIgnoreCase); }
    }
}
