/**
 * The Node flags the worker runs with (`npm start -w @trajectoire/worker`, see package.json): a
 * bounded old generation, so that the garbage of a streamed ROR full load is collected as it goes
 * (about 210 MB at 100,000 units, 400 MB with V8's defaults, which let the heap grow first). A smaller
 * young generation (`--max-semi-space-size=4`) saves 10 MB more but costs the full load 5 s of
 * collections. Whoever starts the worker another way (a bundle, a benchmark) passes the same.
 */
export const WORKER_NODE_FLAGS = ['--max-old-space-size=256'] as const;
