import { startServer } from '@trajectoire/server';

/**
 * The real server in a process of its own, as in production: the benchmark's clients do not
 * share its event loop, and its memory high-water mark is its own. Options come as JSON.
 */
const options = JSON.parse(process.env.BENCH_SERVER_OPTIONS ?? '{}') as Parameters<typeof startServer>[0];
const server = await startServer(options);
process.send?.({ port: server.port });
process.on('SIGTERM', () => {
  void server.stop().then(() => process.exit(0));
});
// Ends with the benchmark, even one that failed before stopping it.
process.on('disconnect', () => process.exit(0));
if (process.env.BENCH_SERVER_MEMLOG) {
  setInterval(() => {
    const m = process.memoryUsage();
    console.log(
      `mem rss=${(m.rss / 1e6).toFixed(0)} heapUsed=${(m.heapUsed / 1e6).toFixed(0)} heapTotal=${(m.heapTotal / 1e6).toFixed(0)} external=${(m.external / 1e6).toFixed(0)} ab=${(m.arrayBuffers / 1e6).toFixed(0)}`,
    );
  }, 500).unref();
}
