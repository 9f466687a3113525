import net from 'node:net';

export interface RawOutcome {
  /** The status of the response, or null when the connection ended without one. */
  readonly status: number | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly ms: number;
  /** Socket error code, 'TIMEOUT', or null when the server answered or closed cleanly. */
  readonly error: string | null;
}

/**
 * A hand-written HTTP/1.1 exchange over one socket, for what a normal client will not send:
 * invalid bytes, broken framing, a body sent in pieces over time. Write with `write`, finish
 * with `end`; `response` resolves when the server closes (send `Connection: close`) or after
 * `timeoutMs`.
 */
export class RawExchange {
  readonly response: Promise<RawOutcome>;
  private readonly socket: net.Socket;
  private readonly started = performance.now();

  constructor(baseUrl: string, timeoutMs: number) {
    const { hostname, port } = new URL(baseUrl);
    this.socket = net.connect(Number(port), hostname);
    this.response = new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let error: string | null = null;
      const timer = setTimeout(() => {
        error = 'TIMEOUT';
        this.socket.destroy();
      }, timeoutMs);
      this.socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.socket.on('error', (e: NodeJS.ErrnoException) => {
        error ??= e.code ?? e.message;
      });
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve(parseResponse(Buffer.concat(chunks), Math.round(performance.now() - this.started), error));
      });
    });
  }

  write(data: string | Buffer): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }

  end(data?: string | Buffer): void {
    if (this.socket.destroyed) return;
    if (data === undefined) this.socket.end();
    else this.socket.end(data);
  }

  get closed(): boolean {
    return this.socket.destroyed || this.socket.readableEnded;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

function parseResponse(raw: Buffer, ms: number, error: string | null): RawOutcome {
  const split = raw.indexOf('\r\n\r\n');
  const head = (split < 0 ? raw : raw.subarray(0, split)).toString('latin1');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (!match?.[1]) return { status: null, headers: {}, body: raw.toString('utf8'), ms, error };
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const payload = split < 0 ? Buffer.alloc(0) : raw.subarray(split + 4);
  const body = headers['transfer-encoding'] === 'chunked' ? dechunk(payload) : payload;
  return { status: Number(match[1]), headers, body: body.toString('utf8'), ms, error };
}

function dechunk(payload: Buffer): Buffer {
  const parts: Buffer[] = [];
  let rest = payload;
  for (;;) {
    const line = rest.indexOf('\r\n');
    if (line < 0) break;
    const size = parseInt(rest.subarray(0, line).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(rest.subarray(line + 2, line + 2 + size));
    rest = rest.subarray(line + 2 + size + 2);
  }
  return Buffer.concat(parts);
}
