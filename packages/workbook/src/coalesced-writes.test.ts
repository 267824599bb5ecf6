import { describe, expect, it } from 'vitest';
import { coalescedWrites } from './coalesced-writes';

describe('coalescedWrites', () => {
  it('gathers small writes into 64 KB ones, and passes the rest on at the end', async () => {
    const stream = coalescedWrites();
    const sizes: number[] = [];
    stream.on('data', (chunk: Buffer) => sizes.push(chunk.length));
    for (let i = 0; i < 20_000; i++) stream.write(Buffer.alloc(i % 2 ? 4 : 30, 1));
    stream.end();
    await new Promise((resolve) => stream.on('end', resolve));
    expect(sizes.reduce((sum, n) => sum + n, 0)).toBe(10_000 * 4 + 10_000 * 30);
    expect(sizes.slice(0, -1).every((n) => n >= 64 * 1024 && n < 64 * 1024 + 30)).toBe(true);
    expect(sizes.length).toBe(Math.ceil(340_000 / (64 * 1024)));
  });
});
