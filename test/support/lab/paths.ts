// Where the lab fixture finds the repository, its pwsh and the lab's command line.
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..', '..', '..');
export const PWSH = join(REPO, '.tools', 'pwsh');
export const LAB_CLI = join(REPO, 'lab', 'bin', 'lab');
