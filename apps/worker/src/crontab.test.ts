import { readFileSync } from 'node:fs';
import { TASK_NAMES } from '@trajectoire/core';
import { parseCrontab } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { CRONTAB } from './crontab';
import { WORKER_NODE_FLAGS } from './node-flags';
import { taskList } from './task-list';

describe('task list', () => {
  it('has one task per entry of the job map, no more', () => {
    const tasks = Object.keys(taskList({} as Parameters<typeof taskList>[0]));
    expect(tasks.sort()).toEqual([...TASK_NAMES].sort());
  });
});

describe('crontab', () => {
  it('schedules the expiry sweep every morning at 6, on existing tasks only', () => {
    const items = parseCrontab(CRONTAB);
    const tasks = Object.keys(taskList({} as Parameters<typeof taskList>[0]));
    expect(items.map((i) => i.task)).toEqual([
      'habilitation__schedule_expiry_notices',
      'maintenance__purge_expired',
      'directory__ror_full_load',
      'directory__ror_delta',
    ]);
    for (const item of items) expect(tasks).toContain(item.task);
    const sweep = items[0];
    expect(sweep?.match({ min: 0, hour: 6, date: 1, month: 1, dow: 1 } as never)).toBe(true);
    expect(sweep?.match({ min: 0, hour: 7, date: 1, month: 1, dow: 1 } as never)).toBe(false);
    expect(sweep?.options.backfillPeriod).toBe(24 * 3600 * 1000);
    // Batch work: after what people wait for, one sweep at a time.
    expect(sweep?.options).toMatchObject({ priority: 10, queueName: 'sweeps', maxAttempts: 1 });
    // The purge, every night at 3:30.
    const purge = items[1];
    expect(purge?.match({ min: 30, hour: 3, date: 1, month: 1, dow: 1 } as never)).toBe(true);
    expect(purge?.match({ min: 0, hour: 3, date: 1, month: 1, dow: 1 } as never)).toBe(false);
  });

  it('loads the ROR in full on Sunday nights and its changes every night, one run at a time', () => {
    const [full, delta] = parseCrontab(CRONTAB).slice(2);
    expect(full?.match({ min: 0, hour: 2, date: 6, month: 12, dow: 0 } as never)).toBe(true);
    expect(full?.match({ min: 0, hour: 2, date: 7, month: 12, dow: 1 } as never)).toBe(false);
    expect(delta?.match({ min: 0, hour: 3, date: 7, month: 12, dow: 1 } as never)).toBe(true);
    for (const item of [full, delta]) expect(item?.options).toMatchObject({ priority: 10, queueName: 'ror' });
  });
});

describe('start script', () => {
  it('runs the worker with its Node flags', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      scripts: { start: string };
    };
    expect(pkg.scripts.start).toBe(`node ${WORKER_NODE_FLAGS.join(' ')} --import tsx src/main.ts`);
  });
});
