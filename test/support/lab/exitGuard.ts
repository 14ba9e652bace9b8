// A lab is brought down when this process exits without its stop() (mocha --exit, a test that forgot lab.stop()),
// so that no sshd outlives the tests.
import { rmSync } from 'node:fs';
import { releaseBlock } from './blocks';
import { labDownSync } from './cli';

// Ctrl-C or a killed test run (timeout): exit, which runs the 'exit' handlers that stop the labs.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
}

/** Takes down the lab in `dir` (block `block`; its folder too when `own`) if this process exits first; call the result once it is down. */
export function downOnExit(dir: string, block: string, own: boolean): () => void {
  const onExit = (): void => {
    try {
      labDownSync(dir);
    } catch {
      /* best effort */
    }
    releaseBlock(block);
    if (own && !process.env.HVLAB_KEEP) rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  return () => {
    process.removeListener('exit', onExit);
  };
}
