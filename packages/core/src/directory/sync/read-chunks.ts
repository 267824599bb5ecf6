import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SyncErrorRow } from './queries';
import { type ReadChunk, readResource, stagedRowOf, stagingLine } from './staging';

export type { ReadChunk } from './staging';

/**
 * Reading an export file's text into staged rows: parsing each line's JSON, mapping it, and
 * writing its line of COPY text. That is most of a full load's CPU (about 10 s of the worker's 15 s
 * for 100,000 units); it may run in threads of its own (ROR_READ_THREADS), while the job's thread
 * downloads the next text and feeds Postgres. A chunk is whole lines; the rows
 * come back in the file's order, so the first of two duplicates read is the one kept.
 */

/**
 * One chunk of whole lines, as UTF-8 bytes; `firstLine` is the number (from 1) of its first line in
 * the file.
 *
 * Each line is decoded on its own: its string is small and born in the young generation. Decoding
 * the chunk's 256 KB as one string (a large object) and parsing slices of it cost a reading thread
 * about 2.4 s per 213 MB of export, against 1.45 s line by line (Latin-1 with the accented strings
 * repaired afterwards, the trick that made the whole-chunk decode bearable, gave 1.55 s).
 */
export function readChunk(bytes: Uint8Array, firstLine: number, fileType: string, runId: string): ReadChunk {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const keys: string[] = [];
  const lines: string[] = [];
  const errors: SyncErrorRow[] = [];
  let unreadable = 0;
  let lineNumber = firstLine - 1;
  let start = 0;
  while (start < buffer.length) {
    let end = buffer.indexOf(0x0a, start);
    if (end === -1) end = buffer.length;
    lineNumber++;
    const raw = buffer.toString('utf8', start, end);
    start = end + 1;
    let resource: unknown;
    try {
      resource = JSON.parse(raw);
    } catch {
      // Trimmed (a BOM, a blank line), then read again: what is still not JSON is an error for this line alone.
      resource = raw.trim();
      if (!resource) continue;
    }
    const outcome = readResource(resource, `${fileType} ligne ${lineNumber}`);
    if (!outcome.ok) {
      errors.push({ resourceType: outcome.type, resourceId: outcome.id, reason: outcome.reason });
      if (!outcome.known) unreadable++;
    }
    const row = stagedRowOf(outcome);
    if (row) {
      keys.push(`${row.type}\t${row.id}`);
      lines.push(stagingLine(runId, row));
    }
  }
  // Bytes, as Postgres takes them: a thread hands them over without a copy, and the job's thread
  // never holds the rows as strings.
  const copy = Buffer.from(lines.join(''), 'utf8');
  return { keys: Buffer.from(keys.join('\n'), 'utf8'), copy, rows: keys.length, errors, unreadable };
}

/** How many lines (newlines, the last unterminated one included) a chunk of bytes holds. */
export function lineCount(bytes: Uint8Array): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) count++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? count + 1 : count;
}

/**
 * The thread's script: compiled beside the bundle that runs it (`ror-read-thread.js`, as the
 * benchmark builds the worker), or the TypeScript source through a loader that registers tsx (as
 * `npm start` runs the worker). None found: the chunks are read in the job's own thread.
 */
function threadScript(): URL | null {
  for (const name of ['ror-read-thread.js', 'ror-read-thread.tsx-loader.mjs']) {
    const url = new URL(`./${name}`, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

interface Pending {
  resolve(chunk: ReadChunk): void;
  reject(error: unknown): void;
}

/**
 * A pool of reading threads, chunks handed out in turn; `read` resolves with the chunk's rows.
 * `threads` 0 (or no thread script found) reads in the calling thread.
 */
export class ChunkReaders {
  private readonly workers: { worker: Worker; pending: Map<number, Pending> }[] = [];
  private next = 0;
  private seq = 0;
  private failure: unknown;

  constructor(threads: number) {
    const script = threads > 0 ? threadScript() : null;
    if (!script) return;
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(script, {
        // Not the process's flags: a thread refuses the process-wide ones (`--max-old-space-size`,
        // `--input-type`); its heap is bounded below. A profiled process profiles its threads too.
        execArgv: process.execArgv.filter((flag) => flag === '--enable-source-maps' || flag.startsWith('--cpu-prof')),
        // A chunk's parsed resources live only while it is read: a small heap is plenty. Not too
        // small a young generation: at 6 MB the threads spent about 30 % of their CPU collecting
        // it; at 16 MB, the whole export read with two threads took a tenth less CPU and time.
        resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 16 },
      });
      const slot = { worker, pending: new Map<number, Pending>() };
      worker.on('message', (message: { seq: number; chunk?: ReadChunk; error?: string }) => {
        const pending = slot.pending.get(message.seq);
        slot.pending.delete(message.seq);
        if (message.chunk) pending?.resolve(message.chunk);
        else pending?.reject(new Error(message.error ?? 'lecture de l’export interrompue'));
      });
      const fail = (error: unknown) => {
        this.failure ??= error;
        for (const p of slot.pending.values()) p.reject(error);
        slot.pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (code !== 0) fail(new Error(`le fil de lecture de l’export s’est arrêté (code ${code})`));
      });
      this.workers.push(slot);
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  /**
   * Reads a chunk of whole lines, as UTF-8 bytes (decoded by the thread that reads them).
   * `handOver`: the caller owns the bytes' memory alone and gives it up (it moves to the thread,
   * not copied; the caller's view is emptied), as ndjsonChunks's chunks allow.
   */
  read(
    bytes: Uint8Array,
    firstLine: number,
    fileType: string,
    runId: string,
    { handOver = false }: { handOver?: boolean } = {},
  ): Promise<ReadChunk> {
    if (this.workers.length === 0) {
      try {
        return Promise.resolve(readChunk(bytes, firstLine, fileType, runId));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.workers[this.next++ % this.workers.length] as (typeof this.workers)[number];
    const seq = this.seq++;
    return new Promise<ReadChunk>((resolve, reject) => {
      slot.pending.set(seq, { resolve, reject });
      slot.worker.postMessage(
        { seq, bytes, firstLine, fileType, runId },
        handOver ? [bytes.buffer as ArrayBuffer] : [],
      );
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
    this.workers.length = 0;
  }
}
