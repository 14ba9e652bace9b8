/** An error `waitFor` does not retry: the probe knows waiting longer cannot help (e.g. the process died). */
export class FatalError extends Error {}

/**
 * Polls `probe` every `intervalMs` until it returns something other than undefined. A thrown FatalError ends the wait
 * at once; other errors are retried. On timeout it fails naming what it waited for, what it saw instead (`observe`,
 * asked once at the end), and the probe's last error.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 120_000,
  observe?: () => Promise<string>,
  intervalMs = 500,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      if (e instanceof FatalError) throw e;
      last = e;
    }
    if (Date.now() > end) {
      const saw = observe
        ? await observe().catch((e: unknown) => `(could not tell: ${e instanceof Error ? e.message : String(e)})`)
        : undefined;
      const parts = [`timed out after ${timeoutMs} ms waiting for ${what}`];
      if (saw !== undefined) parts.push(`saw instead: ${saw}`);
      if (last instanceof Error) parts.push(`last error: ${last.message}`);
      throw new Error(parts.join('; '));
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
