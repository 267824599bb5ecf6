/**
 * The Node flags the worker runs with (`npm start -w @trajectoire/worker`, see package.json):
 * - a bounded old generation, so that the garbage of a streamed ROR full load is collected as it
 *   goes (about 210 MB at 100,000 units, 400 MB with V8's defaults, which let the heap grow first).
 *   A smaller young generation (`--max-semi-space-size=4`) saves 10 MB more but cost the full load 5 s
 *   of collections when the parse ran in the job's thread;
 * - a heap that grows by half between full collections: left to V8's own factor (about a tenth
 *   here), the job's thread's 40–50 MB of live objects were marked every 150–250 ms while a full
 *   load staged (154 full collections in one bench), and V8's helper threads spent about 7 s of CPU
 *   per full load on it. With 50 %, the helpers' CPU fell by a fifth and the job's thread's by a tenth,
 *   the worker's peak staying at 258 MB; with 100 %, a fall by half, but a peak of 299 MB;
 * - a young generation of the job's thread at half V8's default (8 MB semi-spaces): the parse runs
 *   in reading threads now (their heaps are bounded on their own), and the job's thread's young
 *   objects were most of the 36 MB its heap held unused while staging; with 8 MB the bench's
 *   worker peaked at 257 MB then 270 MB (second full load), against 267 and 304 MB with V8's 16 MB,
 *   the full load within 3.3 of its ceiling (4 MB: 250 and 260 MB, 3.9, on a slower hour).
 * Whoever starts the worker another way (a bundle, a benchmark) passes the same.
 */
export const WORKER_NODE_FLAGS = [
  '--max-old-space-size=256',
  '--heap-growing-percent=50',
  '--max-semi-space-size=8',
] as const;
