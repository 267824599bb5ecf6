import { createTestDatabase } from '@trajectoire/test-support/database';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { enqueue, JOBS, PRIORITY, parseJobPayload, TASK_NAMES } from './map';

const { db } = await createTestDatabase();

async function jobOf(key: string) {
  const { rows } = await sql<{
    task_identifier: string;
    payload: unknown;
    priority: number;
    max_attempts: number;
    queue_name: string | null;
  }>`select t.identifier as task_identifier, j.payload, j.priority, j.max_attempts, q.queue_name
     from graphile_worker._private_jobs j
     join graphile_worker._private_tasks t on t.id = j.task_id
     left join graphile_worker._private_job_queues q on q.id = j.job_queue_id
     where j.key = ${key}`.execute(db);
  return rows;
}

describe('the job map', () => {
  it('enqueues with the task’s priority, attempts and key, inside the caller’s transaction', async () => {
    const challengeId = '4f1c3b1e-8a9e-4c59-9a0e-0d6f3f2f4b11';
    await db.transaction().execute(async (trx) => {
      await enqueue(trx, 'account__send_sign_in_code', { challengeId, generation: 2 });
      // The same key replaces the pending job instead of adding one.
      await enqueue(trx, 'account__send_sign_in_code', { challengeId, generation: 2 });
    });
    expect(await jobOf(`sign-in-code:${challengeId}:2`)).toEqual([
      {
        task_identifier: 'account__send_sign_in_code',
        payload: { challengeId, generation: 2 },
        priority: PRIORITY.interactive,
        max_attempts: 4,
        queue_name: null,
      },
    ]);
  });

  it('writes nothing when the transaction rolls back', async () => {
    const tokenId = '0b7e6a52-3a1f-4e8c-9d43-6f1f6b6b2a01';
    await db
      .transaction()
      .execute(async (trx) => {
        await enqueue(trx, 'account__send_password_link', { tokenId });
        throw new Error('business write failed');
      })
      .catch(() => undefined);
    expect(await jobOf(`password-link:${tokenId}`)).toEqual([]);
  });

  it('refuses a payload its task would drop, before writing it', async () => {
    await expect(
      db.transaction().execute((trx) => enqueue(trx, 'account__send_password_link', { tokenId: 'not-a-uuid' })),
    ).rejects.toThrow();
    expect(parseJobPayload('account__send_sign_in_code', { challengeId: 'x', generation: 1 })).toBeUndefined();
    expect(parseJobPayload('account__send_email_changed', { auditEventId: 42 })).toEqual({ auditEventId: '42' });
  });

  it('gives every task a priority, and batch work a queue of its own', () => {
    expect(TASK_NAMES.length).toBeGreaterThanOrEqual(10);
    for (const task of TASK_NAMES) expect(Object.values(PRIORITY), task).toContain(JOBS[task].priority);
    expect(JOBS.maintenance__purge_expired).toMatchObject({ priority: PRIORITY.batch, queue: 'sweeps' });
  });
});
