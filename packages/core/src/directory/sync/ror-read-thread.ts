import { parentPort } from 'node:worker_threads';
import { readChunk } from './read-chunks';

/** A reading thread of the full load (see ChunkReaders): chunks of export text in, staged rows out. */
parentPort?.on(
  'message',
  (message: { seq: number; bytes: Uint8Array; firstLine: number; fileType: string; runId: string }) => {
    try {
      const chunk = readChunk(message.bytes, message.firstLine, message.fileType, message.runId);
      parentPort?.postMessage({ seq: message.seq, chunk });
    } catch (error) {
      parentPort?.postMessage({ seq: message.seq, error: error instanceof Error ? error.message : String(error) });
    }
  },
);
