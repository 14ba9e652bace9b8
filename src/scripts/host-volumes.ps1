<#
  The volumes of this host and the free space of each, for a move that chooses a folder per disk: every drive letter
  (Get-PSDrive; $null free when it cannot be read) and every cluster shared volume (its FriendlyVolumeName and free
  space), with the host's default folders. One round trip, read only. Must run under Windows PowerShell 5.1 too.
#>
param()
$ErrorActionPreference = 'Stop'

$vmHost = Get-VMHost
$volumes = @(foreach ($d in @(Get-PSDrive -PSProvider FileSystem)) {
    # Drive letters only (not Temp, not a provider's own names).
    if ([string]$d.Name -notmatch '^[A-Za-z]$') { continue }
    $free = $null
    if ($null -ne $d.Free) { $free = [double]$d.Free }
    [pscustomobject]@{ root = ([string]$d.Name).ToUpperInvariant() + ':\'; freeBytes = $free }
})
if (Get-Command -Name Get-ClusterSharedVolume -ErrorAction SilentlyContinue) {
    try {
        $volumes += @(Get-ClusterSharedVolume | ForEach-Object {
            foreach ($info in @($_.SharedVolumeInfo)) {
                [pscustomobject]@{ root = ([string]$info.FriendlyVolumeName).TrimEnd('\'); freeBytes = [double]$info.Partition.FreeSpace }
            }
        })
    } catch { }
}

[pscustomobject]@{
    virtualHardDiskPath = [string]$vmHost.VirtualHardDiskPath
    virtualMachinePath  = [string]$vmHost.VirtualMachinePath
    volumes             = $volumes
}
