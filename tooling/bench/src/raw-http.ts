import net from 'node:net';

export interface RawAnswer {
  status: number;
  body: string;
}

const HEADERS_END = Buffer.from('\r\n\r\n');

/**
 * One kept-alive HTTP/1.1 connection that writes requests encoded beforehand and reads answers
 * with as little work as it can: the load generator shares the machine's two cores with the
 * server it measures, and every tenth of a millisecond it spends per request is taken from the
 * server (node:http's client costs about 0.7 ms of CPU per sign-in, this about a fifth of it).
 * One request at a time per connection; answers with a Content-Length or chunked.
 */
export class RawHttpConnection {
  readonly #socket: net.Socket;
  #received: Buffer = Buffer.alloc(0);
  #pending: { resolve(answer: RawAnswer): void; reject(error: Error): void } | undefined;

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.#received = this.#received.length === 0 ? chunk : Buffer.concat([this.#received, chunk]);
      this.#tryAnswer();
    });
    const fail = (error: Error) => {
      this.#pending?.reject(error);
      this.#pending = undefined;
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static open(port: number, host = '127.0.0.1'): Promise<RawHttpConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new RawHttpConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** A POST of a JSON body, encoded once: headers and body in one buffer, one write. */
  static post(path: string, body: string, headers: Record<string, string> = {}): Buffer {
    const lines = [
      `POST ${path} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`);
  }

  send(request: Buffer): Promise<RawAnswer> {
    if (this.#pending) return Promise.reject(new Error('one request at a time per connection'));
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#socket.write(request);
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #tryAnswer(): void {
    const pending = this.#pending;
    if (!pending) return;
    const data = this.#received;
    const headersEnd = data.indexOf(HEADERS_END);
    if (headersEnd < 0) return;
    const head = data.toString('latin1', 0, headersEnd);
    const status = Number(head.slice(9, 12));
    const bodyStart = headersEnd + HEADERS_END.length;
    const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
    let body: string;
    let end: number;
    if (length !== undefined) {
      end = bodyStart + Number(length);
      if (data.length < end) return;
      body = data.toString('utf8', bodyStart, end);
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const parts: Buffer[] = [];
      let at = bodyStart;
      for (;;) {
        const sizeEnd = data.indexOf('\r\n', at);
        if (sizeEnd < 0) return;
        const size = Number.parseInt(data.toString('latin1', at, sizeEnd), 16);
        const chunkEnd = sizeEnd + 2 + size;
        if (data.length < chunkEnd + 2) return;
        if (size === 0) {
          end = chunkEnd + 2;
          break;
        }
        parts.push(data.subarray(sizeEnd + 2, chunkEnd));
        at = chunkEnd + 2;
      }
      body = Buffer.concat(parts).toString('utf8');
    } else {
      pending.reject(new Error(`answer without a length: ${head}`));
      this.#pending = undefined;
      return;
    }
    this.#received = data.subarray(end);
    this.#pending = undefined;
    pending.resolve({ status, body });
  }
}
