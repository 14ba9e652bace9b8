# Test-only host script: the combination Hyper-V refuses (-AsJob with -Passthru).
param([string]$Name, [string]$DestinationHost)
Move-VM -Name $Name -DestinationHost $DestinationHost -AsJob -Passthru
