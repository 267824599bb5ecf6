import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@trajectoire/demo-data';
import { readLauncherEnv } from './env';
import { seedProgressBar } from './progress';
import { type RunningSystem, startSystem } from './system';

// Ctrl+C lets the worker finish the job it is running, then stops it, the server and, last,
// Postgres. npm passes the terminal's signal on to its child as well: what comes within a second
// is the same Ctrl+C. A later one does not wait, nor does one while starting: the process exits,
// Postgres with it (see startEmbeddedPostgres), and a sync cut short resumes at its next run.
// A closed terminal (SIGHUP) stops it the same way: Postgres, in a session of its own, does not
// receive the hangup and would otherwise stay, holding its port and its data.
let system: RunningSystem | undefined;
let stoppingSince: number | undefined;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stoppingSince !== undefined && Date.now() - stoppingSince <= 1000) return;
    if (stoppingSince !== undefined || !system) {
      console.log('\nArrêt immédiat.');
      process.exit(130);
    }
    stoppingSince = Date.now();
    console.log('\nArrêt…');
    void system.stop().then(() => process.exit(0));
  });
}

const env = readLauncherEnv();
system = await startSystem({
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
