# Test-only host script: saves a VM; on an Off VM the lab answers InvalidState.
param([string]$Id)
Stop-VM -VM (Get-VM -Id $Id) -Save
