# Test-only: takes the lock of this process's console writer and keeps it (a thread's monitor outlives the script), so
# a dispatcher that ran it on its local transport can no longer write its answer: PowerShell stops answering.
[System.Threading.Monitor]::Enter([Console]::Out)
'holding'
