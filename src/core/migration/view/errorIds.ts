/**
 * The error id the user reads beside a failure: an id to search for, never the message again. A PowerShell
 * FullyQualifiedErrorId is "<id>,<command>", but an error thrown as text gets that text as its id; Msvm_MigrationJob's
 * ErrorCode 32768 only says "failed". Then the Windows error code in the message (0x8009030E) is the id, or none.
 */
export function errorIdText(errorId: string | undefined, message: string | undefined): string | undefined {
  const hex = /\b0x[0-9A-Fa-f]{8}\b/.exec(message ?? '')?.[0];
  const hexId = hex ? `0x${hex.slice(2).toUpperCase()}` : undefined;
  if (errorId === undefined || errorId.trim() === '') return hexId;
  const id = errorId.trim();
  if (/^ErrorCode\d+$/.test(id)) return hexId;
  const first = id.split(',')[0]!.trim();
  const sameAsMessage = message !== undefined && (first === message.trim() || message.trim().startsWith(first));
  // An id has no spaces; text with spaces is a message someone threw.
  if (/\s/.test(first) || sameAsMessage) return hexId;
  return hexId && !id.includes(hexId) ? `${id} (${hexId})` : id;
}
