import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';

/** The environment variable that tells the dispatcher where to fetch credentials (never part of a command line). */
export const SIDE_CHANNEL_VARIABLE = 'HVM_SIDE_CHANNEL';

const MAX_TICKET_BYTES = 256;
const SOCKET_IDLE_MS = 10_000;

/**
 * Hands passwords to our PowerShell outside its command lines: whatever PowerShell compiles (the request line) is
 * recorded by script block logging, module logging and transcription, so a secret must never be in it. node-powershell
 * writes a command and its own marker lines to stdin in one go, so nothing can be slipped in between on stdin either.
 *
 * Instead the engine offers a request's credentials here under a one-time random ticket; the request line carries only
 * the ticket, and the dispatcher, when it opens a session that needs a password, connects, sends the ticket and reads
 * the credentials back. The channel is a Unix socket inside our private folder (only this user can connect) or, on
 * Windows, a named pipe with a random name; its address reaches PowerShell in its environment, not on a command line.
 */
export class SecretChannel {
  private readonly offers = new Map<string, string>();
  private readonly server: Server;
  private readonly listening: Promise<void>;
  private closed = false;

  /**
   * `address`: where we listen. `clientName`: what the dispatcher opens with NamedPipeClientStream — the socket's path
   * (.NET takes a rooted name as a Unix socket path), or on Windows the bare pipe name (.NET adds `\\.\pipe\`).
   */
  private constructor(
    readonly address: string,
    readonly clientName: string,
  ) {
    this.server = createServer((socket) => this.serve(socket));
    this.listening = new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(address, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    // A failure to listen surfaces through ready(); nobody may be waiting yet.
    this.listening.catch(() => undefined);
  }

  /** A Unix socket in `privateDir`, or a named pipe on Windows. */
  static open(privateDir: string | undefined, platform: NodeJS.Platform = process.platform): SecretChannel {
    const { address, clientName } = channelAddress(privateDir, platform);
    return new SecretChannel(address, clientName);
  }

  /** Resolves once the channel accepts connections. */
  ready(): Promise<void> {
    return this.listening;
  }

  /** Offers `payload` to the first connection that sends `ticket`; returns a function that withdraws the offer. */
  offer(ticket: string, payload: string): () => void {
    if (this.closed) throw new Error('The credential channel is closed.');
    this.offers.set(ticket, payload);
    return () => this.offers.delete(ticket);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.offers.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: Socket): void {
    socket.setTimeout(SOCKET_IDLE_MS, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      const end = received.indexOf('\n');
      if (end < 0) {
        if (received.length > MAX_TICKET_BYTES) socket.destroy();
        return;
      }
      const ticket = received.slice(0, end).trim();
      const payload = this.offers.get(ticket);
      // One use only: a ticket read from a log later finds nothing.
      this.offers.delete(ticket);
      socket.end(`${payload ?? ''}\n`);
    });
  }
}

/** Where the channel listens and the name the dispatcher opens (see the SecretChannel constructor). */
export function channelAddress(
  privateDir: string | undefined,
  platform: NodeJS.Platform,
  random: string = randomBytes(16).toString('hex'),
): { address: string; clientName: string } {
  if (platform === 'win32' || privateDir === undefined) {
    const name = `hyperv-mobility-${random}`;
    return { address: `\\\\.\\pipe\\${name}`, clientName: name };
  }
  const path = join(privateDir, 'secrets.sock');
  return { address: path, clientName: path };
}
