import { afterEach, describe, expect, it } from 'vitest';
import { ByteKeySet } from './byte-key-set';
import { ChunkReaders, lineCount, type ReadChunk, readChunk } from './read-chunks';
import { readResource, STAGED_COLUMNS, StagingCopy, stagedRowOf, stagingLine } from './staging';

const RUN = '00000000-0000-4000-8000-000000000001';

const location = (id: string) =>
  JSON.stringify({
    resourceType: 'Location',
    id,
    meta: { lastUpdated: '2025-01-01T00:00:00Z' },
    extension: [],
  });
const bytes = (text: string) => Buffer.from(text, 'utf8');

/** A chunk's rows, unpacked. */
function rows(chunk: ReadChunk | undefined) {
  if (!chunk || chunk.rows === 0) return [];
  const keys = Buffer.from(chunk.keys).toString('utf8').split('\n');
  const lines = Buffer.from(chunk.copy)
    .toString('utf8')
    .split(/(?<=\n)/);
  expect(lines).toHaveLength(chunk.rows);
  return lines.map((copy, i) => ({ key: keys[i], copy }));
}

describe('reading an export chunk', () => {
  it('numbers lines as the file does, blank ones included, and reads each resource alone', () => {
    const text = `${location('l1')}\n\n{not json\n${location('l2')}\n{"resourceType":"Location"}`;
    const chunk = readChunk(bytes(text), 41, 'Location', RUN);
    const read = rows(chunk);
    expect(read.map((r) => r.key)).toEqual(['Location\tl1', 'Location\tl2']);
    // A place with no capacity: its columns in order, the others of a place null (\N).
    const placeColumns: Record<string, string> = {
      capacities: '[]',
      equipment: '{}',
      last_updated: '2025-01-01T00:00:00Z',
    };
    const expected = STAGED_COLUMNS.map((column) => placeColumns[column] ?? '\\N');
    expect(read[0]?.copy).toBe(`${RUN}\tLocation\tl1\t${expected.join('\t')}\n`);
    expect(read[1]?.copy).toMatch(/^[^\n]*\tl2\t[^\n]*\n$/);
    expect(chunk.errors).toEqual([
      expect.objectContaining({ resourceType: 'NDJSON', resourceId: 'Location ligne 43' }),
      expect.objectContaining({ resourceId: 'Location ligne 45', reason: 'ressource sans id : ignorée' }),
    ]);
    expect(chunk.unreadable).toBe(2);
    expect(lineCount(bytes(text))).toBe(5);
    expect(lineCount(bytes(`${text}\n`))).toBe(5);
    expect(lineCount(bytes(''))).toBe(0);
  });
});

describe('decoding an export chunk', () => {
  /** What reading gave when a chunk was decoded as UTF-8 whole, then cut into trimmed lines. */
  function decodedWhole(chunk: Buffer, firstLine: number) {
    const read: { key: string; copy: string }[] = [];
    const errors: unknown[] = [];
    chunk
      .toString('utf8')
      .split('\n')
      .forEach((raw, i) => {
        const line = raw.trim();
        if (!line) return;
        const outcome = readResource(line, `Organization ligne ${firstLine + i}`);
        if (!outcome.ok) errors.push({ resourceType: outcome.type, resourceId: outcome.id, reason: outcome.reason });
        const row = stagedRowOf(outcome);
        if (row) {
          read.push({
            key: `${row.type}\t${row.id}`,
            copy: stagingLine(RUN, row),
          });
        }
      });
    return { read, errors };
  }
  const organization = (id: string, name: string) => JSON.stringify({ resourceType: 'Organization', id, name });

  it('reads every string as UTF-8 decoding would: accents, spaces trimmed, escapes, emoji, a BOM, broken bytes', () => {
    const chunk = Buffer.concat([
      bytes(
        [
          organization('accents', 'Hôpital Émile-Roux à Saint-Étienne'),
          organization('nbsp', '  Clinique du Lac\u00a0'),
          organization('narrow', 'Centre « Les Tilleuls »\u202f'),
          organization('bom-inside', '\ufeffEHPAD Résidence'),
          organization('emoji', 'Unité 🩺 de soins'),
          organization('ends-a-grave', 'Maison de santé de Là'),
          // Escapes written by the ROR itself: the characters are real ones, not bytes.
          '{"resourceType":"Organization","id":"escapes","name":"Caf\\u00e9 de l\\u2019Op\\u00e9ra"}',
          `\ufeff${organization('bom-line', 'Ligne précédée d’un BOM')}\r`,
          '',
          '{pas du json é',
        ].join('\n'),
      ),
      bytes(`\n${organization('broken', 'Octets cassés ').slice(0, -2)}`),
      Buffer.from([0xc3, 0x28, 0xe2, 0x82]),
      bytes('"}\n'),
    ]);
    const chunkRead = readChunk(chunk, 7, 'Organization', RUN);
    const whole = decodedWhole(chunk, 7);
    expect(rows(chunkRead)).toEqual(whole.read);
    expect(chunkRead.errors).toEqual(whole.errors);
    // What the oracle gives is what a reader expects.
    const names = rows(chunkRead).map((r) => r.copy.split('\t')[3 + STAGED_COLUMNS.indexOf('name')]);
    expect(names).toEqual([
      'Hôpital Émile-Roux à Saint-Étienne',
      'Clinique du Lac',
      'Centre « Les Tilleuls »',
      'EHPAD Résidence',
      'Unité 🩺 de soins',
      'Maison de santé de Là',
      'Café de l’Opéra',
      'Ligne précédée d’un BOM',
      'Octets cassés \ufffd(\ufffd',
    ]);
    expect(chunkRead.errors).toEqual([expect.objectContaining({ resourceId: 'Organization ligne 16' })]);
  });
});

describe('reading threads', () => {
  let readers: ChunkReaders | undefined;
  afterEach(async () => {
    await readers?.close();
  });

  it('give what the calling thread gives, in the order the chunks were handed out', async () => {
    readers = new ChunkReaders(2);
    expect(readers.threads).toBe(2);
    // Accented names: each chunk is decoded by the thread that reads it.
    const chunks = Array.from({ length: 12 }, (_, c) =>
      Array.from({ length: 50 }, (_, i) => location(`c${c}-l${i}-é`)).join('\n'),
    );
    const threaded = await Promise.all(
      chunks.map((text, c) => readers?.read(bytes(text), c * 50 + 1, 'Location', RUN)),
    );
    const inProcess = chunks.map((text, c) => readChunk(bytes(text), c * 50 + 1, 'Location', RUN));
    // The bytes come over as a plain Uint8Array (transferred), the rest as it was.
    const asBuffers = (chunk: ReadChunk | undefined) =>
      chunk && { ...chunk, copy: Buffer.from(chunk.copy), keys: Buffer.from(chunk.keys) };
    expect(threaded.map(asBuffers)).toEqual(inProcess.map(asBuffers));
    expect(threaded.flatMap((chunk) => rows(chunk).map((r) => r.key))).toEqual(
      chunks.flatMap((_, c) => Array.from({ length: 50 }, (_, i) => `Location\tc${c}-l${i}-é`)),
    );
  });

  it('read in the calling thread when told to use none', async () => {
    readers = new ChunkReaders(0);
    expect(readers.threads).toBe(0);
    const chunk = await readers.read(bytes(location('x')), 1, 'Location', RUN);
    expect(rows(chunk).map((r) => r.key)).toEqual(['Location\tx']);
  });
});

describe('staging chunks', () => {
  it('keeps the first of two resources with the same id, in a chunk or across chunks and attempts', async () => {
    const written: string[] = [];
    const seen = new ByteKeySet();
    seen.addString('Location\tbefore');
    const staging = new StagingCopy(
      {
        async write(data) {
          written.push(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
        },
        async end() {},
      },
      seen,
    );
    await staging.addChunk(
      readChunk(bytes([location('a'), location('b'), location('a')].join('\n')), 1, 'Location', RUN),
    );
    await staging.addChunk(
      readChunk(bytes([location('before'), location('c'), location('b')].join('\n')), 4, 'Location', RUN),
    );
    await staging.end();
    const staged = written
      .join('')
      .trimEnd()
      .split('\n')
      .map((line) => line.split('\t')[2]);
    expect(staged).toEqual(['a', 'b', 'c']);
    expect(staging.duplicates.map((d) => d.resourceId)).toEqual(['a', 'before', 'b']);
    expect(staging.duplicates[0]?.reason).toMatch(/identifiant en double/);
  });
});
