# Test-only host script: Get-VM by name, for the "VM not found" error id.
param([string]$Name)
Get-VM -Name $Name | ForEach-Object { [string]$_.Name }
