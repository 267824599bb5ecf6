import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@trajectoire/db/seed';
import { SingleBar } from 'cli-progress';
import { readLauncherEnv } from './env';
import { startSystem } from './system';

const env = readLauncherEnv();
let bar: SingleBar | undefined;
const system = await startSystem({
  env,
  log: (line) => console.log(line),
  onSeedProgress: (done, total, label) => {
    bar ??= new SingleBar({ format: '  {bar} {value}/{total} {label}', hideCursor: true });
    if (done === 1) bar.start(total, 0, { label });
    bar.update(done, { label });
    if (done === total) bar.stop();
  },
});

console.log(`
Trajectoire Pro est prêt.

  Portail            ${system.url}
  Boîte mail locale  ${system.inboxUrl ?? `(SMTP externe : ${env.SMTP_URL})`}
  Base de données    ${env.DATABASE_URL ? 'DATABASE_URL' : `Postgres embarqué, données dans ${env.DATA_DIR}/postgres`}

Comptes de démonstration (mot de passe : ${DEMO_PASSWORD}) :
${DEMO_ACCOUNTS.map((a) => `  ${a.username.padEnd(20)} ${a.profession}`).join('\n')}

Ctrl+C pour arrêter.`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log('\nArrêt…');
    void system.stop().then(() => process.exit(0));
  });
}
