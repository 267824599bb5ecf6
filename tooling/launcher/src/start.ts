import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@trajectoire/demo-data';
import { readLauncherEnv } from './env';
import { seedProgressBar } from './progress';
import { startSystem } from './system';

const env = readLauncherEnv();
const system = await startSystem({
  env,
  log: (line) => console.log(line),
  onSeedProgress: seedProgressBar(),
});

console.log(`
Trajectoire Pro est prêt.

  Portail            ${system.url}
  Boîte mail locale  ${system.inboxUrl ?? `(SMTP externe : ${env.SMTP_URL})`}
  ROR                ${system.localRor ? `ROR local ${system.ror.fhirUrl} (admin ${system.localRor.adminUrl})` : system.ror.fhirUrl}
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
