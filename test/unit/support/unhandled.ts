// Records promise rejections nobody handled while a test runs, so a test can assert there were none.

/** Starts recording; the returned function stops and gives what was seen (after letting pending callbacks run). */
export function recordUnhandledRejections(): () => Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on('unhandledRejection', listener);
  return async () => {
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
    process.off('unhandledRejection', listener);
    return seen;
  };
}
