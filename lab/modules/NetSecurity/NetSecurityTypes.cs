// Enums of the NetSecurity module's firewall rule objects (MSFT_NetFirewallRule), in the namespace the real
// module's CDXML generates, with the class's documented values.
namespace Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetSecurity
{
    public enum Enabled { True = 1, False = 2 }
    public enum Direction { Inbound = 1, Outbound = 2 }
    public enum Action { NotConfigured = 0, Allow = 2, Block = 4 }
    [System.Flags]
    public enum Profile { Any = 0, Domain = 1, Private = 2, Public = 4, NotApplicable = 65535 }
    public enum PrimaryStatus { Unknown = 0, OK = 1, Degraded = 2, Error = 3 }
}
