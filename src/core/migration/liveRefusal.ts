/**
 * What a host says when it refuses a live migration's connection: nothing listening on TCP 6600 (0x8007274D), no
 * credentials to pass on (0x8009030E), a wrong service name (0x80090322), migration not enabled (0x80042001). A quick
 * migration makes no such connection, so none of these stops it.
 */
const refusalCodes = /0x8007274D|0x8009030E|0x80090322|0x80042001/i;

export function isLiveConnectionRefusal(text: string | undefined): boolean {
  return refusalCodes.test(text ?? '');
}
