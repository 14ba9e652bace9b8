# Test-only host script: makes this session's answers unreadable, as a host whose own modules or profile shadow a
# cmdlet might. The bootstrap that runs every script builds its answer with ConvertTo-Json after the script ran; a
# global function of that name wins. Mode 'Malformed': the answer is not JSON. Mode 'NoMessage': the script fails and
# its error answer is {"ok":false} with no message. Any other mode: a normal answer. The session stays broken.
param([string]$Mode)
if ($Mode -eq 'Malformed') {
    function global:ConvertTo-Json { '{not json' }
}
if ($Mode -eq 'NoMessage') {
    function global:ConvertTo-Json { '{"ok":false}' }
    throw 'failed on purpose'
}
[pscustomobject]@{ host = $env:HVLAB_HOST }
