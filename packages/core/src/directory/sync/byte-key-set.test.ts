import { describe, expect, it } from 'vitest';
import { ByteKeySet } from './byte-key-set';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('ByteKeySet', () => {
  it('tells a new key from one it has, as a Set of the same strings does, through its growth', () => {
    const keys = new ByteKeySet();
    const reference = new Set<string>();
    // Ids of every length and byte, accents included, each seen up to three times.
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 60_000; i++) {
      const id = `${['Organization', 'Location', 'HealthcareService'][random() % 3]}\t${(random() % 25_000).toString(36)}${'é'.repeat(random() % 3)}`;
      expect(keys.addString(id)).toBe(!reference.has(id));
      reference.add(id);
    }
    expect(keys.size).toBe(reference.size);
    expect(keys.size).toBeGreaterThan(8_000);
  });

  it('reads a key from part of a larger buffer, its bytes copied (the buffer may be reused)', () => {
    const keys = new ByteKeySet();
    const text = utf8('Location\ta\nLocation\tab\nLocation\ta\n');
    expect(keys.add(text, 0, 10)).toBe(true);
    expect(keys.add(text, 11, 22)).toBe(true);
    expect(keys.add(text, 23, 33)).toBe(false);
    text.fill(0);
    expect(keys.addString('Location\ta')).toBe(false);
    expect(keys.addString('Location\tab')).toBe(false);
    // A prefix, the empty key and another type are other keys.
    expect(keys.addString('Location\t')).toBe(true);
    expect(keys.addString('')).toBe(true);
    expect(keys.addString('')).toBe(false);
    expect(keys.addString('Organization\ta')).toBe(true);
  });

  it('keeps keys whose hashes share a slot apart, compared byte by byte', () => {
    // 5,000 keys in a table that starts at 4,096 slots: many share a slot before and after growth.
    const keys = new ByteKeySet();
    for (let i = 0; i < 5_000; i++) expect(keys.addString(`k${i}`)).toBe(true);
    for (let i = 0; i < 5_000; i++) expect(keys.addString(`k${i}`)).toBe(false);
    expect(keys.size).toBe(5_000);
  });
});
