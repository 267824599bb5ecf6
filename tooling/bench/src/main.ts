import { benchCodeDelivery } from './code-delivery';
import { benchDatabase } from './environment';
import { benchSignIn } from './sign-in';
import { printTable } from './stats';

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const jobs = Number(process.env.BENCH_JOBS ?? 300);

console.log(`Trajectoire Pro benchmarks — ${seconds} s per phase, ${concurrency} concurrent clients\n`);
const env = await benchDatabase();
try {
  const signIn = await benchSignIn(env.db, env.url, { seconds, concurrency });
  const delivery = await benchCodeDelivery(env.db, env.url, { jobs });
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  console.log(
    `\nArgon2id m=${signIn.argon2.memoryCost} KiB t=${signIn.argon2.timeCost} p=${signIn.argon2.parallelism}; ${signIn.cores} cores\n`,
  );
  printTable([
    { measure: 'Argon2id verify (ceiling), /s', value: signIn.ceiling.rate.toFixed(1) },
    { measure: 'Argon2id verify, /s per core', value: signIn.ceiling.perCore.toFixed(1) },
    { measure: 'Sign-ins (password step), /s', value: signIn.signIns.rate.toFixed(1) },
    { measure: 'Sign-ins, /s per core', value: signIn.signIns.perCore.toFixed(1) },
    {
      measure: 'Sign-ins / ceiling',
      value: `${(signIn.ratio * 100).toFixed(1)} %`,
      target: '≥ 85 %',
      verdict: signIn.ratio >= 0.85 ? 'yes' : 'NO',
    },
    { measure: 'Password step latency p50', value: ms(signIn.signIns.p50) },
    { measure: 'Password step latency p95', value: ms(signIn.signIns.p95) },
    { measure: `Code enqueue → SMTP accepted p50 (n=${delivery.count})`, value: ms(delivery.p50) },
    {
      measure: 'Code enqueue → SMTP accepted p95',
      value: ms(delivery.p95),
      target: '< 25 ms',
      verdict: delivery.p95 < 25 ? 'yes' : 'NO',
    },
  ]);
} finally {
  await env.stop();
}
