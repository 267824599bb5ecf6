import { createTestDatabase } from '@trajectoire/test-support/database';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChannelListener, listenToChannel } from './notifications';

const { db, url } = await createTestDatabase();
const listeners: ChannelListener[] = [];
afterAll(() => Promise.all(listeners.map((listener) => listener.stop())));

async function listen(channel: string, heartbeatMs = 200) {
  const heard: string[] = [];
  const states: boolean[] = [];
  const listener = await listenToChannel(
    url,
    channel,
    { onNotification: (payload) => heard.push(payload), onLive: (live) => states.push(live) },
    { heartbeatMs, retryMs: 100 },
  );
  listeners.push(listener);
  return { listener, heard, states };
}

async function eventually(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

const backendPid = async (channel: string) =>
  Number(
    (
      await sql<{ pid: number }>`select pid from pg_stat_activity
        where datname = current_database() and application_name = ${`listen ${channel}`}
        order by backend_start desc limit 1`.execute(db)
    ).rows[0]?.pid,
  );

describe('listenToChannel', () => {
  it('is live once its own beat comes back, passes notifications on, and keeps beats to itself', async () => {
    const one = await listen('test_channel_one');
    const two = await listen('test_channel_one');
    expect(await one.listener.whenLive(2_000)).toBe(true);
    expect(await two.listener.whenLive(2_000)).toBe(true);
    await sql`select pg_notify('test_channel_one', 'changed')`.execute(db);
    expect(await eventually(() => one.heard.length > 0 && two.heard.length > 0)).toBe(true);
    // A second of beats from both: none reaches either handler, and both stay live.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(one.heard).toEqual(['changed']);
    expect(two.heard).toEqual(['changed']);
    expect(one.states).toEqual([true]);
  });

  it('says so at once when its connection is cut, and listens again', async () => {
    const { listener, states } = await listen('test_channel_cut');
    expect(await listener.whenLive(2_000)).toBe(true);
    await sql`select pg_terminate_backend(${await backendPid('test_channel_cut')})`.execute(db);
    expect(await eventually(() => states.length === 3)).toBe(true);
    expect(states).toEqual([true, false, true]);
  });

  it('stops trusting a connection that goes silent, without any error', async () => {
    const { listener, states } = await listen('test_channel_silent');
    expect(await listener.whenLive(2_000)).toBe(true);
    // The backend frozen: the socket stays open, nothing errs, nothing arrives.
    const pid = await backendPid('test_channel_silent');
    process.kill(pid, 'SIGSTOP');
    try {
      expect(await eventually(() => states.includes(false), 3_000)).toBe(true);
      expect(listener.live()).toBe(false);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // A fresh connection is opened meanwhile, and heard.
    expect(await eventually(() => states.at(-1) === true)).toBe(true);
  });
});
