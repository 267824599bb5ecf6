import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate, setTimeout } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { coalescedWrites } from './coalesced-writes';

export type CellKind = 'text' | 'date' | 'number';

export interface Column<Key extends string = string> {
  header: string;
  key: Key;
  /** In characters, as Excel counts them. */
  width?: number;
  /** A date cell takes a Date or a 'YYYY-MM-DD' day, and shows as a date. */
  kind: CellKind;
}

export type CellValue = string | number | boolean | Date | null | undefined;

declare const cellStyleBrand: unique symbol;
/** A style made by `cellStyle`, once, and given to every cell that has it. */
export type CellStyle = { readonly [cellStyleBrand]: true };

const DATE_FORMAT = 'dd/mm/yyyy';

/**
 * Make each style once (a module constant) and share it: exceljs recognises a style object it has
 * seen before at once, where a cell's own copy is serialised to find its twin (a third of the
 * writing time of 100,000 rows).
 */
export function cellStyle(kind: CellKind, options: { fill?: string } = {}): CellStyle {
  const style: Partial<ExcelJS.Style> = kind === 'date' ? { numFmt: DATE_FORMAT } : {};
  if (options.fill) style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: options.fill } };
  return style as unknown as CellStyle;
}

const KIND_STYLES: Record<CellKind, CellStyle> = {
  text: cellStyle('text'),
  date: cellStyle('date'),
  number: cellStyle('number'),
};

/** Excel stores days as dates at midnight UTC. */
function excelDate(day: string): Date {
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))));
}

/** Rows written between two turns given to compression, which moves on one chunk per turn. */
export const YIELD_EVERY_ROWS = 100;
/** Uncompressed sheet waiting for compression: above the high mark, writing waits for the low. */
export const PENDING_COMPRESSION = { high: 2 * 1024 * 1024, low: 1024 * 1024 };

/**
 * Bytes of sheet XML written but not yet taken by compression. exceljs hands its buffers to the
 * zip's input stream without heeding backpressure, so this reads that stream's queue; 0 should
 * a later exceljs change its shape (then only the turns every 100 rows pace the writing).
 */
function pendingCompression(sheet: ExcelJS.Worksheet): number {
  const pipes = (sheet as unknown as { stream?: { pipes?: { _writableState?: { length?: number } }[] } }).stream?.pipes;
  return pipes?.reduce((sum, pipe) => sum + (pipe._writableState?.length ?? 0), 0) ?? 0;
}

export interface WorkbookStreamOptions {
  creator?: string;
  title?: string;
  /** Aborting it abandons the workbook: rows are no longer written and the output is closed. */
  signal?: AbortSignal;
  /**
   * Gives up an output that has taken nothing for this long while the workbook waits for it
   * (pacing, `drained`, `finish`): the wait rejects. Unset: waits as long as the output lives.
   */
  stalledAfterMs?: number;
  /**
   * The zip's small writes are gathered into writes of this size (64 KB; each write to a socket or
   * a file is a system call); 0 writes them to `output` as they come (an output that gathers them
   * itself, or one whose backpressure must be felt at once).
   */
  writeSize?: number;
}

export interface SheetOptions<Key extends string> {
  /** At most 31 characters, none of []:*?/\ (Excel's rule). */
  name: string;
  columns: readonly Column<Key>[];
  /** The header row stays in view while scrolling. */
  frozenHeader?: boolean;
  /** A filter on each column of the header row. */
  autoFilter?: boolean;
}

export interface SheetStream<Key extends string> {
  /**
   * Writes a row: its cells in the order of the columns, each styled for its column's kind unless
   * `styles` gives its own. Every 100 rows, waits for compression (see `createWorkbookStream`).
   * Resolves false once the workbook is abandoned: nothing more is written, stop producing rows.
   * Rejects when the output has taken nothing for `stalledAfterMs` while it waited.
   */
  addRow(values: readonly CellValue[], styles?: Partial<Record<Key, CellStyle>>): Promise<boolean>;
  /** Ends the sheet; the next may then be added. */
  commit(): void;
}

export interface WorkbookStream {
  /** One sheet is written at a time: the previous one must be committed. */
  addSheet<const Key extends string>(options: SheetOptions<Key>): SheetStream<Key>;
  /** The output was closed (an abandoned download), or the signal aborted. */
  readonly abandoned: boolean;
  /** The output takes no more for now: wait for `drained` before producing more rows. */
  readonly needsDrain: boolean;
  /** Waits for a slow output to take more (or to close). */
  drained(): Promise<void>;
  /** The most uncompressed sheet seen waiting at once, in bytes. */
  peakPendingBytes(): number;
  /** Commits the open sheet and the workbook; resolves once the output has it all ('finish'). */
  finish(): Promise<void>;
}

const WRITTEN = Promise.resolve(true);
const STOPPED = Promise.resolve(false);

/**
 * An .xlsx written to `output` while its rows come, in bounded memory whatever its size or the
 * output's speed: exceljs's streaming writer, given a turn of the event loop every 100 rows so
 * that compression (on another thread, one chunk per turn) keeps up, and made to wait while more
 * than 2 MB of sheet await compression. A download abandoned mid-way (its output destroyed), or
 * an aborted signal, stops the writing.
 */
export function createWorkbookStream(output: Writable, options: WorkbookStreamOptions = {}): WorkbookStream {
  const { signal, stalledAfterMs } = options;
  const writeSize = options.writeSize ?? 64 * 1024;
  const gathering = writeSize > 0 ? coalescedWrites(writeSize) : undefined;
  const sink = gathering ?? output;
  // Awaited by `finish`; a failure before then shows as `abandoned`.
  const delivered = gathering && pipeline(gathering, output);
  delivered?.catch(() => {});
  const abandon = () => sink.destroy();
  signal?.addEventListener('abort', abandon, { once: true });
  if (signal?.aborted) abandon();

  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  if (options.creator) writer.creator = options.creator;
  if (options.title) writer.title = options.title;

  // Stalled: the output full, without a single drain, for the whole bound.
  const full = () => sink.writableNeedDrain || output.writableNeedDrain;
  let drains = 0;
  const drainSeen = () => {
    drains++;
  };
  sink.on('drain', drainSeen);
  if (sink !== output) output.on('drain', drainSeen);
  /** Tells, each time it is asked during one wait, whether the output has stalled since the wait began. */
  const stallWatch = () => {
    let since = performance.now();
    let seen = drains;
    return () => {
      if (stalledAfterMs === undefined) return false;
      if (!full() || drains !== seen) {
        since = performance.now();
        seen = drains;
        return false;
      }
      return performance.now() - since >= stalledAfterMs;
    };
  };
  const stalledError = () => new Error(`workbook stopped: its output has not moved for ${stalledAfterMs} ms`);
  /** `work`, unless the output stalls first. */
  async function unlessStalled<T>(work: Promise<T>): Promise<T> {
    if (stalledAfterMs === undefined) return work;
    const stalled = stallWatch();
    const watching = new AbortController();
    const every = Math.max(1, Math.min(stalledAfterMs / 10, 1_000));
    const watchdog = (async () => {
      while (!stalled()) await setTimeout(every, undefined, { signal: watching.signal });
      throw stalledError();
    })();
    watchdog.catch(() => {});
    try {
      return await Promise.race([work, watchdog]);
    } finally {
      watching.abort();
    }
  }

  let completed = false;
  const isAbandoned = () => !completed && (signal?.aborted === true || sink.destroyed || output.destroyed);
  const abandonedError = () =>
    signal?.aborted ? signal.reason : new Error('workbook abandoned: its output was closed before the end');
  let openSheet: { commit(): void } | undefined;
  let peakPending = 0;

  async function pace(sheet: ExcelJS.Worksheet): Promise<boolean> {
    await setImmediate();
    let pending = pendingCompression(sheet);
    peakPending = Math.max(peakPending, pending);
    if (pending > PENDING_COMPRESSION.high) {
      const stalled = stallWatch();
      // An abandoned output compresses no more: waiting for it would wait for ever.
      while (pending > PENDING_COMPRESSION.low && !isAbandoned()) {
        if (stalled()) throw stalledError();
        await setTimeout(1);
        pending = pendingCompression(sheet);
      }
    }
    return !isAbandoned();
  }

  return {
    addSheet<const Key extends string>({ name, columns, frozenHeader, autoFilter }: SheetOptions<Key>) {
      if (openSheet) throw new Error(`sheet « ${name} »: commit the previous sheet first`);
      if (completed) throw new Error(`sheet « ${name} »: the workbook is finished`);
      const sheet = writer.addWorksheet(name, frozenHeader ? { views: [{ state: 'frozen', ySplit: 1 }] } : {});
      sheet.columns = columns.map(({ header, key, width }) => ({ header, key, width }));
      if (autoFilter) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
      sheet.getRow(1).font = { bold: true };
      sheet.getRow(1).commit();
      const keys = columns.map((c) => c.key);
      const kindStyles = columns.map((c) => KIND_STYLES[c.kind] as Partial<ExcelJS.Style>);
      const dateColumns = columns.flatMap((c, index) => (c.kind === 'date' ? [index] : []));
      let written = 0;
      let committed = false;
      const handle: SheetStream<Key> = {
        addRow(values, styles) {
          if (committed) throw new Error(`sheet « ${name} » is committed`);
          if (isAbandoned()) return STOPPED;
          let cells = values as CellValue[];
          for (const index of dateColumns) {
            const value = cells[index];
            if (typeof value !== 'string') continue;
            if (cells === values) cells = values.slice();
            cells[index] = excelDate(value);
          }
          const row = sheet.addRow(cells);
          for (let index = 0; index < keys.length; index++) {
            const own = styles?.[keys[index] as Key] as Partial<ExcelJS.Style> | undefined;
            row.getCell(index + 1).style = own ?? (kindStyles[index] as Partial<ExcelJS.Style>);
          }
          row.commit();
          return ++written % YIELD_EVERY_ROWS === 0 ? pace(sheet) : WRITTEN;
        },
        commit() {
          if (committed) return;
          committed = true;
          openSheet = undefined;
          sheet.commit();
        },
      };
      openSheet = handle;
      return handle;
    },

    get abandoned() {
      return isAbandoned();
    },

    get needsDrain() {
      return sink.writableNeedDrain;
    },

    async drained() {
      if (!sink.writableNeedDrain) return;
      const waiting = new AbortController();
      const { signal: stop } = waiting;
      try {
        await unlessStalled(
          Promise.race([once(sink, 'drain', { signal: stop }), once(sink, 'close', { signal: stop })]),
        );
      } finally {
        waiting.abort();
      }
    },

    peakPendingBytes: () => peakPending,

    async finish() {
      try {
        openSheet?.commit();
        if (isAbandoned()) throw abandonedError();
        // exceljs waits for its stream's 'finish', which a destroyed stream never emits.
        const closedEarly = new Promise<never>((_, reject) =>
          sink.once('close', () => {
            if (!sink.writableFinished) reject(abandonedError());
          }),
        );
        closedEarly.catch(() => {});
        await unlessStalled(Promise.race([writer.commit(), closedEarly]).then(() => delivered));
        completed = true;
      } finally {
        signal?.removeEventListener('abort', abandon);
      }
    },
  };
}
