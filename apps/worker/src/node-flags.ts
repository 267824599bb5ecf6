/**
 * The Node flags the worker runs with (`npm start -w @trajectoire/worker`, see package.json): a small
 * young generation and a bounded old one, so that the garbage of a streamed ROR full load is
 * collected as it goes (about 200 MB at 100,000 units, 400 MB with V8's defaults). Whoever starts
 * the worker another way (a bundle, a benchmark) passes the same.
 */
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=4', '--max-old-space-size=256'] as const;
