// Node's HTTP parser refuses a request whose query holds raw UTF-8 (`curl "…/search?q=さくら"`
// sends the bytes as they are) with a bare 400; API Gateway takes it. This sits between a local
// server's sockets and its parser and percent-encodes the bytes above 0x7f of each request line,
// following each message's framing (Content-Length or chunked) so bodies pass untouched.
import type { Server } from "node:http";
import type { Socket } from "node:net";
import { Duplex } from "node:stream";

/** Makes `server` take request targets with raw UTF-8, as API Gateway does. */
export function acceptRawUtf8Targets(server: Server): void {
  const listeners = server.listeners("connection") as ((socket: Duplex) => void)[];
  server.removeAllListeners("connection");
  server.on("connection", (socket: Socket) => {
    const encoded = new EncodedTargetSocket(socket);
    for (const listener of listeners) listener.call(server, encoded);
  });
}

/** Heads larger than this are left to the parser, which refuses them anyway. */
const maxHeadBytes = 64 * 1024;
const lineEnd = Buffer.from("\r\n");
const headEnd = Buffer.from("\r\n\r\n");

type State =
  | { kind: "head" }
  | { kind: "body"; remaining: number }
  | { kind: "chunk-size" }
  | { kind: "chunk-data"; remaining: number }
  | { kind: "trailers" }
  | { kind: "as-is" };

/** Rewrites the request lines of a stream of HTTP/1.1 requests; everything else passes as it came. */
export class RequestLineEncoder {
  private pending: Buffer = Buffer.alloc(0);
  private state: State = { kind: "head" };

  transform(chunk: Buffer): Buffer {
    this.pending = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Buffer[] = [];
    const take = (length: number) => {
      out.push(this.pending.subarray(0, length));
      this.pending = this.pending.subarray(length);
    };
    for (;;) {
      const state = this.state;
      if (state.kind === "as-is") {
        take(this.pending.length);
        break;
      }
      if (state.kind === "head") {
        const end = this.pending.indexOf(headEnd);
        if (end < 0) {
          if (this.pending.length <= maxHeadBytes) break;
          this.state = { kind: "as-is" };
          continue;
        }
        const head = this.pending.subarray(0, end + headEnd.length);
        this.pending = this.pending.subarray(head.length);
        out.push(encodeRequestLine(head));
        this.state = afterHead(head.toString("latin1"));
        continue;
      }
      if (state.kind === "body" || state.kind === "chunk-data") {
        if (this.pending.length === 0) break;
        const length = Math.min(state.remaining, this.pending.length);
        take(length);
        state.remaining -= length;
        if (state.remaining === 0) this.state = state.kind === "body" ? { kind: "head" } : { kind: "chunk-size" };
        continue;
      }
      // A chunk's size line, or a trailer line (an empty one ends the message).
      const end = this.pending.indexOf(lineEnd);
      if (end < 0) break;
      const line = this.pending.subarray(0, end).toString("latin1");
      take(end + lineEnd.length);
      if (state.kind === "trailers") {
        if (line === "") this.state = { kind: "head" };
        continue;
      }
      const size = Number.parseInt(line, 16);
      if (!Number.isInteger(size) || size < 0) this.state = { kind: "as-is" };
      else this.state = size === 0 ? { kind: "trailers" } : { kind: "chunk-data", remaining: size + lineEnd.length };
    }
    return out.length === 1 ? out[0]! : Buffer.concat(out);
  }
}

/** The head with every byte above 0x7f of its first line percent-encoded. */
function encodeRequestLine(head: Buffer): Buffer {
  const end = head.indexOf(lineEnd);
  const line = head.subarray(0, end);
  if (!line.some((byte) => byte > 0x7f)) return head;
  let encoded = "";
  for (const byte of line) encoded += byte > 0x7f ? `%${byte.toString(16).toUpperCase()}` : String.fromCharCode(byte);
  return Buffer.concat([Buffer.from(encoded, "latin1"), head.subarray(end)]);
}

function afterHead(head: string): State {
  const headers = head.split("\r\n").slice(1);
  const value = (name: string) =>
    headers
      .filter((line) => line.slice(0, line.indexOf(":")).trim().toLowerCase() === name)
      .map((line) => line.slice(line.indexOf(":") + 1).trim());
  if (value("upgrade").length > 0) return { kind: "as-is" };
  if (value("transfer-encoding").some((coding) => /chunked/i.test(coding))) return { kind: "chunk-size" };
  const length = Number(value("content-length").at(-1) ?? 0);
  if (!Number.isInteger(length) || length < 0) return { kind: "as-is" };
  return length > 0 ? { kind: "body", remaining: length } : { kind: "head" };
}

/** The socket as the HTTP server sees it: reads come through the encoder, writes go straight out. */
class EncodedTargetSocket extends Duplex {
  private readonly encoder = new RequestLineEncoder();

  constructor(private readonly socket: Socket) {
    // A client may send its last request and half-close: the answers still go out.
    super({ allowHalfOpen: true });
    socket.on("data", (chunk: Buffer) => {
      if (!this.push(this.encoder.transform(chunk))) socket.pause();
    });
    socket.on("end", () => this.push(null));
    socket.on("error", (error) => this.destroy(error));
    socket.on("close", () => this.destroy());
    socket.on("timeout", () => this.emit("timeout"));
    socket.on("drain", () => this.emit("drain"));
  }

  get remoteAddress() {
    return this.socket.remoteAddress;
  }
  get remotePort() {
    return this.socket.remotePort;
  }
  get remoteFamily() {
    return this.socket.remoteFamily;
  }
  get localAddress() {
    return this.socket.localAddress;
  }
  get localPort() {
    return this.socket.localPort;
  }
  address() {
    return this.socket.address();
  }
  setTimeout(milliseconds: number, callback?: () => void): this {
    this.socket.setTimeout(milliseconds);
    if (callback) this.once("timeout", callback);
    return this;
  }
  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }
  setKeepAlive(enable?: boolean, delay?: number): this {
    this.socket.setKeepAlive(enable, delay);
    return this;
  }

  override _read(): void {
    this.socket.resume();
  }
  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.write(chunk, encoding, callback);
  }
  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(callback);
  }
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy(error ?? undefined);
    callback(error);
  }
}
