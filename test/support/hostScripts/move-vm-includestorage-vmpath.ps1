# Test-only host script: -IncludeStorage with -VirtualMachinePath binds to no parameter set.
param([string]$Name, [string]$DestinationHost, [string]$Path)
Move-VM -Name $Name -DestinationHost $DestinationHost -IncludeStorage -VirtualMachinePath $Path
