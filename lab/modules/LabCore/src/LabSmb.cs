// A host's SMB bandwidth limits (the SmbShare stand-in's Get-/Set-/Remove-SmbBandwidthLimit) and whether the
// "SMB Bandwidth Limit" feature (FS-SMBBW) is installed, which those cmdlets need (Microsoft's SmbShare reference).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace HvLab
{
    public class LabSmbBandwidthLimit
    {
        /// <summary>A BandwidthLimitCategory name: Default, VirtualMachine, LiveMigration or StorageReplication.</summary>
        public string Category { get; set; }
        public ulong BytesPerSecond { get; set; }
    }

    public class LabSmb
    {
        /// <summary>FS-SMBBW; Windows Server installs it only when asked (Install-WindowsFeature -Name FS-SMBBW).</summary>
        public bool BandwidthLimitFeature { get; set; }
        /// <summary>One per category that has a limit; a category without a limit has no entry.</summary>
        public List<LabSmbBandwidthLimit> BandwidthLimits { get; set; } = new List<LabSmbBandwidthLimit>();

        /// <summary>The real enum's names in value order (MSFT_SmbBandwidthLimit.Category 0, 1, 2; 3 since 2016).</summary>
        public static readonly string[] Categories = { "Default", "VirtualMachine", "LiveMigration", "StorageReplication" };

        /// <summary>Set-SmbBandwidthLimit refuses less than 1MB (1048576 bytes) per second.</summary>
        public const ulong MinimumBytesPerSecond = 1048576;

        /// <summary>Checks a topology's SMB section and spells its categories as the enum does.</summary>
        public static void Fill(LabHost h)
        {
            h.Smb = h.Smb ?? new LabSmb();
            h.Smb.BandwidthLimits = h.Smb.BandwidthLimits ?? new List<LabSmbBandwidthLimit>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var l in h.Smb.BandwidthLimits)
            {
                var name = Categories.FirstOrDefault(c => string.Equals(c, l.Category, StringComparison.OrdinalIgnoreCase));
                if (name == null) throw new InvalidDataException("Host '" + h.Name + "' has an SMB bandwidth limit of unknown category '" + l.Category + "'.");
                if (!seen.Add(name)) throw new InvalidDataException("Host '" + h.Name + "' lists the SMB bandwidth limit of " + name + " twice.");
                if (l.BytesPerSecond < MinimumBytesPerSecond) throw new InvalidDataException("Host '" + h.Name + "': an SMB bandwidth limit is at least 1048576 bytes per second.");
                l.Category = name;
            }
            if (h.Smb.BandwidthLimits.Count > 0 && !h.Smb.BandwidthLimitFeature)
                throw new InvalidDataException("Host '" + h.Name + "' has SMB bandwidth limits without the SMB Bandwidth Limit feature (smb.bandwidthLimitFeature).");
        }
    }
}
