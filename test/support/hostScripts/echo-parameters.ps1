# Test-only host script: returns its parameter values as it received them, with their types, so tests can check
# that values arrive exactly and are never executed.
param([string]$Name, [string[]]$Names, $Nested, $Number, $Flag)
[pscustomobject]@{
    name = $Name
    names = $Names
    nested = $Nested
    number = $Number
    numberType = if ($null -eq $Number) { $null } else { $Number.GetType().Name }
    flag = $Flag
    host = $env:HVLAB_HOST
    psVersion = $PSVersionTable.PSVersion.ToString()
}
