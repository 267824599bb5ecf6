/**
 * A set of keys held as UTF-8 bytes in a few typed arrays instead of strings. The full load keeps
 * the key of every resource it stages (360,000 at 100,000 units) to find duplicates; as strings
 * (each a slice of its chunk's text) they were most of the job's thread's live heap, and V8 marked
 * them all at each of the staging's hundred full collections. Typed arrays' memory is not marked.
 * Open addressing on an FNV-1a hash; equal hashes are compared byte by byte, so the set is exact.
 */
export class ByteKeySet {
  /** Per slot, the entry's index + 1 (0: empty); a power of two, at most half full. */
  private slots = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 11);
  /** Entry i's bytes are arena[starts[i], starts[i + 1]). */
  private starts = new Int32Array((1 << 11) + 1);
  private arena = new Uint8Array(1 << 16);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds `bytes[start, end)`; false when the set already had it. */
  add(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
    const hash = fnv1a(bytes, start, end);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let entry = this.slots[slot] as number; entry !== 0; entry = this.slots[slot] as number) {
      if (this.hashes[entry - 1] === hash && this.holds(entry - 1, bytes, start, end)) return false;
      slot = (slot + 1) & mask;
    }
    this.append(hash, bytes, start, end);
    this.slots[slot] = this.count;
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    return true;
  }

  /** Adds a key given as a string; false when the set already had it. */
  addString(key: string): boolean {
    return this.add(Buffer.from(key, 'utf8'));
  }

  private holds(entry: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.starts[entry] as number;
    if ((this.starts[entry + 1] as number) - from !== end - start) return false;
    for (let i = 0; i < end - start; i++) if (this.arena[from + i] !== bytes[start + i]) return false;
    return true;
  }

  private append(hash: number, bytes: Uint8Array, start: number, end: number) {
    const i = this.count;
    if (i === this.hashes.length) {
      this.hashes = grown(this.hashes, i * 2);
      this.starts = grown(this.starts, i * 2 + 1);
    }
    const from = this.starts[i] as number;
    const to = from + (end - start);
    if (to > this.arena.length) this.arena = grown(this.arena, Math.max(to, this.arena.length * 2));
    this.arena.set(bytes.subarray(start, end), from);
    this.hashes[i] = hash;
    this.starts[i + 1] = to;
    this.count = i + 1;
  }

  private rehash(size: number) {
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let i = 0; i < this.count; i++) {
      let slot = (this.hashes[i] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = i + 1;
    }
    this.slots = slots;
  }
}

function grown<T extends Int32Array | Uint8Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
  return hash | 0;
}
