# Test-only host script: looks VMs up by Id (never by name: -Name takes wildcards) and returns their exact names.
param([string[]]$Ids)
[pscustomobject]@{ names = @(foreach ($id in $Ids) { [string](Get-VM -Id $id).Name }) }
