import { appendFileSync } from 'node:fs';
import { startWorker } from '@trajectoire/worker';

/**
 * The real worker (apps/worker's startWorker, graphile-worker and its task list) in a process of
 * its own, compiled like the server: the ROR sync it runs is measured alone (its RSS is its own,
 * the benchmark's polling and the local ROR's serialisation are elsewhere). Options come as JSON;
 * the first message says it is ready.
 */
const options = JSON.parse(process.env.BENCH_WORKER_OPTIONS ?? '{}') as Parameters<typeof startWorker>[0];
const worker = await startWorker({ ...options, quiet: true });
process.send?.({ ready: true });
process.on('SIGTERM', () => {
  void worker.stop().then(() => process.exit(0));
});
// Ends with the benchmark, even one that failed before stopping it.
process.on('disconnect', () => process.exit(0));
// BENCH_WORKER_MEMLOG=<file>: the heap and RSS every 500 ms, to see what the peak is made of.
const memlog = process.env.BENCH_WORKER_MEMLOG;
if (memlog) {
  setInterval(() => {
    const m = process.memoryUsage();
    const line = [m.rss, m.heapUsed, m.heapTotal, m.external, m.arrayBuffers]
      .map((n) => (n / 1e6).toFixed(0))
      .join(' ');
    appendFileSync(memlog, `${new Date().toISOString()} rss heapUsed heapTotal external ab ${line}\n`);
  }, 500).unref();
}
