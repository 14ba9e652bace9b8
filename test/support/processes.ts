import { execFileSync } from 'node:child_process';

/** How many PowerShell processes run in a process group (code-server's, with its extension hosts). */
export function pwshInGroup(pgid: number): number {
  return execFileSync('ps', ['-eo', 'pgid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim().startsWith(`${pgid} `) && /pwsh/.test(line)).length;
}
