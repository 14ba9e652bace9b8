/** The `hypervMobility.requestTimeoutSeconds` default, as package.json declares it. */
export const defaultRequestTimeoutSeconds = 60;

/**
 * The engine's limits from the user's one request timeout. Every request the product makes (refreshes, moves, polls,
 * cancels, settings, drains, readiness, acceleration) gives no limit of its own, so this default is the one that
 * applies. Opening a session counts within it, not beside it: a host that cannot open a session within the time the
 * user allows a request is reported as timed out (and reopened on the next request), never waited on longer.
 */
export function engineTimeouts(requestTimeoutSeconds: number | undefined): {
  defaultTimeoutMs: number;
  openTimeoutMs: number;
} {
  const seconds =
    requestTimeoutSeconds !== undefined && Number.isFinite(requestTimeoutSeconds) && requestTimeoutSeconds > 0
      ? requestTimeoutSeconds
      : defaultRequestTimeoutSeconds;
  const ms = seconds * 1000;
  return { defaultTimeoutMs: ms, openTimeoutMs: ms };
}
