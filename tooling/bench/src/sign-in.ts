import { availableParallelism } from 'node:os';
import { ARGON2_OPTIONS, DEFAULT_RATE_LIMITS, hashPassword, verifyPassword } from '@trajectoire/core';
import type { Database } from '@trajectoire/db';
import { SingleBar } from 'cli-progress';
import { sql } from 'kysely';
import { startServerProcess } from './admin-server';
import { cpuTimes, postgresCpuSeconds, postmasterPid } from './processes';
import { RawHttpConnection } from './raw-http';
import { summarize } from './stats';

const PASSWORD = 'Bench-Mot-De-Passe-2026!';
const HIGH = { limit: 1_000_000, windowMs: 60_000 };

const cpuUsageSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

function merge(rounds: { rate: number; samples: number[] }[]) {
  const samples = rounds.flatMap((r) => r.samples);
  return { rate: rounds.reduce((sum, r) => sum + r.rate, 0) / rounds.length, ...summarize(samples) };
}

async function timedLoop(
  durationMs: number,
  concurrency: number,
  op: (worker: number, i: number) => Promise<void>,
  bar: SingleBar,
) {
  const latencies: number[] = [];
  const end = performance.now() + durationMs;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      let i = 0;
      while (performance.now() < end) {
        const t0 = performance.now();
        await op(worker, i++);
        latencies.push(performance.now() - t0);
        done += 1;
        bar.update(Math.min(durationMs, Math.round(performance.now() - started)), { done });
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { rate: latencies.length / elapsed, samples: latencies };
}

/**
 * Sign-ins per second through the whole stack (HTTP on loopback, tRPC, rate limits,
 * lockout bookkeeping, challenge + job in one transaction) next to the raw Argon2id
 * verification rate of this machine, measured in the same run with the same concurrency.
 */
export async function benchSignIn(
  db: Database,
  url: string,
  options: { seconds: number; warmUpSeconds: number; concurrency: number },
) {
  const cores = availableParallelism();
  const hash = await hashPassword(PASSWORD);
  const accounts = Array.from({ length: options.concurrency * 50 }, (_, i) => `bench.user.${i}`);
  await db
    .insertInto('accounts')
    .values(
      accounts.map((username) => ({
        username,
        first_name: 'Bench',
        last_name: username,
        email: `${username}@bench.test`,
        password_hash: hash,
        password_changed_at: new Date(),
      })),
    )
    .execute();
  // Statistics, as a table in service has them: the server's connections plan their statements once
  // each, and plans made for a table the planner believes empty walk every account.
  await sql`analyze accounts`.execute(db);

  const bar = new SingleBar({ format: '  {phase} {bar} {percentage}% · {done} ops', hideCursor: true });
  const durationMs = options.seconds * 1000;

  // Warm both paths (JIT, pool connections) before measuring.
  for (let i = 0; i < 20; i++) await verifyPassword(hash, PASSWORD);

  const server = await startServerProcess(url, {
    rateLimits: {
      ...DEFAULT_RATE_LIMITS,
      signInPerIp: HIGH,
      signInPerUsername: HIGH,
      codePerIp: HIGH,
      codePerChallenge: HIGH,
    },
  });
  // Each client on a connection of its own, writing requests encoded beforehand (RawHttpConnection):
  // the load generator shares the server's two cores, and node:http's client would take 0.7 ms of
  // CPU per sign-in from it (fetch, 2 ms).
  const requests = accounts.map((username) =>
    RawHttpConnection.post('/trpc/auth.signIn', JSON.stringify({ username, password: PASSWORD }), {
      'x-trajectoire-csrf': '1',
    }),
  );
  const connections = await Promise.all(
    Array.from({ length: options.concurrency }, () => RawHttpConnection.open(server.port)),
  );
  const signIn = async (worker: number, i: number) => {
    const request = requests[(worker * 50 + (i % 50)) % requests.length] as Buffer;
    const response = await (connections[worker] as RawHttpConnection).send(request);
    if (response.status !== 200 || !response.body.includes('CODE_REQUIRED'))
      throw new Error(`sign-in failed: ${response.status} ${response.body}`);
  };
  const verify = async () => {
    if (!(await verifyPassword(hash, PASSWORD))) throw new Error('verify failed');
  };
  // A server in service runs its sign-in path compiled and its pool full: V8 only optimises a
  // function after thousands of calls, here 20 to 30 s of sign-ins, and compiles on the same two
  // cores as Argon2 meanwhile.
  const warmUpMs = options.warmUpSeconds * 1000;
  bar.start(warmUpMs, 0, { phase: 'Sign-in over HTTP, warming up', done: 0 });
  await timedLoop(warmUpMs, options.concurrency, signIn, bar);
  bar.stop();

  // Where the cores go during the sign-in rounds, to set against one verification's CPU in the
  // ceiling rounds (this process alone runs those).
  const postmaster = await postmasterPid(db);
  const cpuNow = () => ({
    server: cpuTimes(server.pid),
    postgres: postgresCpuSeconds(postmaster),
    bench: process.cpuUsage(),
  });
  const signInCpu = { server: 0, serverSys: 0, postgres: 0, bench: 0 };
  let ceilingCpu = 0;
  let ceilingSys = 0;

  // Alternate short rounds of each, so that any drift in the machine's load hits both alike.
  const rounds = 4;
  const roundMs = durationMs / rounds;
  const ceilingRounds: Awaited<ReturnType<typeof timedLoop>>[] = [];
  const signInRounds: Awaited<ReturnType<typeof timedLoop>>[] = [];
  for (let r = 0; r < rounds; r++) {
    bar.start(roundMs, 0, { phase: `Argon2id verify, round ${r + 1}/${rounds}`, done: 0 });
    const ceilingStart = process.cpuUsage();
    ceilingRounds.push(await timedLoop(roundMs, options.concurrency, verify, bar));
    const ceilingUsage = process.cpuUsage(ceilingStart);
    ceilingCpu += cpuUsageSeconds(ceilingUsage);
    ceilingSys += ceilingUsage.system / 1e6;
    bar.stop();
    bar.start(roundMs, 0, { phase: `Sign-in over HTTP, round ${r + 1}/${rounds}`, done: 0 });
    const before = cpuNow();
    signInRounds.push(await timedLoop(roundMs, options.concurrency, signIn, bar));
    const after = cpuNow();
    signInCpu.server += after.server.user + after.server.system - before.server.user - before.server.system;
    signInCpu.serverSys += after.server.system - before.server.system;
    signInCpu.postgres += after.postgres - before.postgres;
    signInCpu.bench += cpuUsageSeconds(process.cpuUsage(before.bench));
    bar.stop();
  }
  for (const connection of connections) connection.close();
  await server.stop();
  const ceiling = merge(ceilingRounds);
  const signIns = merge(signInRounds);
  const perOp = (seconds: number, count: number) => (seconds * 1000) / count;

  return {
    cores,
    argon2: ARGON2_OPTIONS,
    ceiling: { ...ceiling, perCore: ceiling.rate / cores },
    signIns: { ...signIns, perCore: signIns.rate / cores },
    ratio: signIns.rate / ceiling.rate,
    /** CPU ms per operation: one verification in the ceiling; each process's share of a sign-in. */
    cpuMs: {
      verify: perOp(ceilingCpu, ceiling.count),
      verifySys: perOp(ceilingSys, ceiling.count),
      server: perOp(signInCpu.server, signIns.count),
      serverSys: perOp(signInCpu.serverSys, signIns.count),
      postgres: perOp(signInCpu.postgres, signIns.count),
      bench: perOp(signInCpu.bench, signIns.count),
    },
  };
}
