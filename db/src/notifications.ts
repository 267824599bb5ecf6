import pg from 'pg';

export interface ChannelListener {
  /** Whether notifications are being received right now. */
  live(): boolean;
  stop(): Promise<void>;
}

/**
 * LISTENs on a channel over a connection of its own, and keeps listening: a lost connection
 * (restart, network, terminated backend) is reported with `onLive(false)` at once, then opened
 * again, and `onLive(true)` says when notifications flow again. Between the two, notifications
 * may have been missed: whoever relies on them must not trust what they learnt before.
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
  let client: pg.Client | undefined;
  let live = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  // A connection that died without a word (a network cut: no reset, no error) delivers nothing
  // and says nothing: a query every second that must answer within a second tells.
  const heartbeat = setInterval(() => {
    const connection = client;
    if (live && connection) connection.query('select 1').catch(() => lost(connection));
  }, heartbeatMs);
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
    const connection = new pg.Client({ connectionString, query_timeout: heartbeatMs, keepAlive: true });
    client = connection;
    connection.on('error', () => lost(connection));
    connection.on('end', () => lost(connection));
    connection.on('notification', (message) => {
      if (message.channel === channel) handlers.onNotification(message.payload ?? '');
    });
    try {
      await connection.connect();
      await connection.query(`listen ${channel}`);
    } catch {
      lost(connection);
      return;
    }
    if (stopped || client !== connection) return;
    live = true;
    handlers.onLive(true);
  };

  await connect();
  return {
    live: () => live,
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
