import { randomUUID } from 'node:crypto';
import pg from 'pg';

export interface ChannelListener {
  /** Whether notifications are being received right now. */
  live(): boolean;
  /** Resolves true once notifications are heard, or false after `timeoutMs`. */
  whenLive(timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

const HEARTBEAT = 'heartbeat:';

/**
 * LISTENs on a channel over a connection of its own, and keeps listening. Notifications are
 * only trusted while they are seen to arrive: every `heartbeatMs` the listener notifies the
 * channel itself and must hear it back before the next beat. A lost connection (restart,
 * network cut, terminated backend) or one on which notifications silently never arrive (a
 * pooler in transaction mode) is reported with `onLive(false)`, then opened again; `onLive(true)`
 * comes once a beat has made the round trip. Between the two, notifications may have been
 * missed: whoever relies on them must not trust what they learnt before.
 */
export async function listenToChannel(
  connectionString: string,
  channel: string,
  handlers: { onNotification(payload: string): void; onLive(live: boolean): void },
  options: { retryMs?: number; heartbeatMs?: number } = {},
): Promise<ChannelListener> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  const retryMs = options.retryMs ?? 1_000;
  const heartbeatMs = options.heartbeatMs ?? 1_000;
  // Other listeners' beats come through too: each listener knows its own by this id.
  const ownBeat = `${HEARTBEAT}${randomUUID()}:`;
  let client: pg.Client | undefined;
  let live = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let sent = 0;
  let sentAt = 0;
  let heard = 0;
  const waitingForLive = new Set<() => void>();

  const beat = (connection: pg.Client) => {
    sent += 1;
    sentAt = performance.now();
    connection.query('select pg_notify($1, $2)', [channel, `${ownBeat}${sent}`]).catch(() => lost(connection));
  };
  const heartbeat = setInterval(() => {
    const connection = client;
    if (!connection) return;
    if (heard === sent) beat(connection);
    // A beat unheard for a whole period: the connection no longer delivers.
    else if (performance.now() - sentAt >= heartbeatMs) lost(connection);
  }, heartbeatMs / 2);
  heartbeat.unref();

  const lost = (connection: pg.Client) => {
    if (client !== connection) return;
    client = undefined;
    connection.removeAllListeners('notification');
    void connection.end().catch(() => {});
    if (live) {
      live = false;
      handlers.onLive(false);
    }
    if (!stopped) retry = setTimeout(() => void connect(), retryMs);
  };

  const connect = async (): Promise<void> => {
    const connection = new pg.Client({
      connectionString,
      query_timeout: heartbeatMs,
      keepAlive: true,
      // Named in pg_stat_activity: `listen <channel>`.
      application_name: `listen ${channel}`,
    });
    client = connection;
    // A new connection gets a whole period for its first beat, whatever the last one's fate.
    heard = sent;
    sentAt = performance.now();
    connection.on('error', () => lost(connection));
    connection.on('end', () => lost(connection));
    connection.on('notification', (message) => {
      if (message.channel !== channel) return;
      const payload = message.payload ?? '';
      if (!payload.startsWith(HEARTBEAT)) {
        handlers.onNotification(payload);
        return;
      }
      if (payload !== `${ownBeat}${sent}` || client !== connection) return;
      heard = sent;
      if (!live && !stopped) {
        live = true;
        handlers.onLive(true);
        for (const resolve of waitingForLive) resolve();
      }
    });
    try {
      await connection.connect();
      await connection.query(`listen ${channel}`);
    } catch {
      lost(connection);
      return;
    }
    if (!stopped && client === connection) beat(connection);
  };

  await connect();
  return {
    live: () => live,
    whenLive(timeoutMs) {
      if (live) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (value: boolean) => {
          waitingForLive.delete(onLive);
          clearTimeout(timer);
          resolve(value);
        };
        const onLive = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        waitingForLive.add(onLive);
      });
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      clearInterval(heartbeat);
      const connection = client;
      client = undefined;
      if (live) {
        live = false;
        handlers.onLive(false);
      }
      await connection?.end().catch(() => {});
    },
  };
}
