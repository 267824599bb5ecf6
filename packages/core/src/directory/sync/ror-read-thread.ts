import { parentPort } from 'node:worker_threads';
import { readChunk } from './read-chunks';

/** A reading thread of the full load (see ChunkReaders): chunks of export text in, staged rows out. */
parentPort?.on(
  'message',
  (message: { seq: number; bytes: Uint8Array; firstLine: number; fileType: string; runId: string }) => {
    try {
      const chunk = readChunk(message.bytes, message.firstLine, message.fileType, message.runId);
      // The rows' bytes move to the job's thread (transferred, not copied) when they own their memory.
      const owned = [chunk.copy, chunk.keys]
        .filter((bytes) => bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength)
        .map((bytes) => bytes.buffer as ArrayBuffer);
      parentPort?.postMessage({ seq: message.seq, chunk }, owned);
    } catch (error) {
      parentPort?.postMessage({ seq: message.seq, error: error instanceof Error ? error.message : String(error) });
    }
  },
);
