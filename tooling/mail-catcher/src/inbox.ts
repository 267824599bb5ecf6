import type { CaughtMessage } from './types';

export const MAX_MESSAGES = 2000;
export const DEFAULT_WAIT_MS = 10_000;

interface Entry {
  seq: number;
  message: CaughtMessage;
}

interface Waiter {
  predicate: (m: CaughtMessage) => boolean;
  resolve: (m: CaughtMessage) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** Copies so callers cannot alter what the inbox (and the web page) shows. */
function copy(message: CaughtMessage): CaughtMessage {
  return { ...message, to: [...message.to] };
}

/**
 * In-memory store of caught messages plus the callers waiting for one.
 *
 * Messages are accepted over SMTP before they are parsed, and parsing is asynchronous, so each
 * message reserves a sequence number when its DATA ends: that keeps the list in arrival order
 * and lets clear() also discard messages still being parsed.
 */
export class Inbox {
  private entries: Entry[] = [];
  private waiters = new Set<Waiter>();
  private lastSeq = 0;
  private clearedThrough = 0;
  private closed = false;

  constructor(private readonly capacity = MAX_MESSAGES) {}

  /** Called when a message has been accepted, before it is parsed. */
  reserve(): number {
    this.lastSeq += 1;
    return this.lastSeq;
  }

  add(seq: number, message: CaughtMessage): void {
    if (this.closed || seq <= this.clearedThrough) return;
    // Usually appended; a message parsed faster than an earlier one goes back into its place.
    let index = this.entries.length;
    while (index > 0 && (this.entries[index - 1]?.seq ?? 0) > seq) index -= 1;
    this.entries.splice(index, 0, { seq, message });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);

    for (const waiter of this.waiters) {
      let matches: boolean;
      try {
        matches = waiter.predicate(message);
      } catch (err) {
        this.settle(waiter);
        waiter.reject(err instanceof Error ? err : new Error(String(err)));
        continue;
      }
      if (matches) {
        this.settle(waiter);
        waiter.resolve(copy(message));
      }
    }
  }

  /** Newest last. */
  list(): CaughtMessage[] {
    return this.entries.map((entry) => copy(entry.message));
  }

  get(id: string): CaughtMessage | undefined {
    const found = this.entries.find((entry) => entry.message.id === id);
    return found ? copy(found.message) : undefined;
  }

  clear(): void {
    this.entries = [];
    this.clearedThrough = this.lastSeq;
  }

  waitFor(predicate: (m: CaughtMessage) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<CaughtMessage> {
    return new Promise<CaughtMessage>((resolve, reject) => {
      try {
        const existing = this.entries.find((entry) => predicate(entry.message));
        if (existing) {
          resolve(copy(existing.message));
          return;
        }
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      if (this.closed) {
        reject(new Error('Mail catcher is stopped: no message will arrive'));
        return;
      }
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(
            new Error(`No matching message within ${timeoutMs} ms (${this.entries.length} message(s) in the inbox)`),
          );
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Rejects pending waiters: nothing can arrive once the SMTP server is gone. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters) {
      this.settle(waiter);
      waiter.reject(new Error('Mail catcher stopped before a matching message arrived'));
    }
  }

  private settle(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
  }
}
