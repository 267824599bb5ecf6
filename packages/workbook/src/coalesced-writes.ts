import { Transform } from 'node:stream';

/**
 * Gathers the zip's writes (a few bytes for each header and checksum, 16 KB of compressed data)
 * into writes of `size`: each write to a socket or a file is a system call.
 */
export function coalescedWrites(size = 64 * 1024): Transform {
  let pending: Buffer[] = [];
  let length = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      length += chunk.length;
      if (length >= size) {
        this.push(Buffer.concat(pending, length));
        pending = [];
        length = 0;
      }
      callback();
    },
    flush(callback) {
      if (length > 0) this.push(Buffer.concat(pending, length));
      callback();
    },
  });
}
