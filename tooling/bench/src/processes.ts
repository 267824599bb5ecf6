import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from '@trajectoire/db';
import { sql } from 'kysely';

/** The fields of /proc/<pid>/stat after the command's name (field 3 onwards). */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** VmRSS and VmHWM (peak) of a process, in MB, from /proc. */
export function procMemory(pid: number): { rssMb: number; peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rssMb: mb('VmRSS'), peakRssMb: mb('VmHWM') };
}

/** CPU seconds a process has used, in user space and in the kernel, from /proc/<pid>/stat. */
export function cpuTimes(pid: number): { user: number; system: number } {
  const fields = statFields(pid);
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}

/** CPU seconds (user + system) a process has used. */
export function cpuSeconds(pid: number): number {
  const { user, system } = cpuTimes(pid);
  return user + system;
}

/**
 * CPU seconds the whole Postgres server has used: its postmaster, the backends it has reaped and
 * those still running (its children), from /proc.
 */
export function postgresCpuSeconds(postmaster: number): number {
  const own = statFields(postmaster);
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFields(Number(entry));
      if (Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // A backend that ended meanwhile: its time is in the postmaster's reaped children.
    }
  }
  return ticks / 100;
}

/** The pid of the Postgres server `db` talks to (on this machine): the parent of its backends. */
export async function postmasterPid(db: Database): Promise<number> {
  const backend = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]?.pid ?? 0;
  return Number(statFields(backend)[1]);
}
