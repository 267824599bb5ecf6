import type { HabilitationView } from '@trajectoire/core';
import {
  describePrivileges,
  expiryLevel,
  isActiveOn,
  type Privileges,
  profileLabel,
  validityState,
} from '@trajectoire/domain';
import { z } from 'zod';

/** Output shapes shared by several routers. */
export const ok = z.object({ ok: z.literal(true) });

/** Not started, running, on its last day, or over (« Terminée »). */
export const validityStateOutput = z.enum(['UPCOMING', 'ACTIVE', 'ENDS_TODAY', 'ENDED']);

/** What the caller may do to a habilitation: the portal offers only that, the server checks again. */
export const habilitationActionsOutput = z.object({
  prolong: z.boolean(),
  reduce: z.boolean(),
  delete: z.boolean(),
  setEmails: z.boolean(),
});

export const habilitationOutput = z.object({
  id: z.string(),
  profile: z.string(),
  profileLabel: z.string(),
  domain: z.string(),
  level: z.enum(['ESTABLISHMENT', 'UNIT', 'ADMISSION_DESK']),
  establishmentId: z.string(),
  establishmentName: z.string(),
  departement: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  admissionDeskName: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  /** Within its dates today: only then does it grant anything. */
  active: z.boolean(),
  state: validityStateOutput,
  receiveEmails: z.boolean(),
  /** One French line per privilege (« Droits »). */
  privileges: z.array(z.string()),
  /** Orange within a month of its end, red within 15 days. */
  expiry: z.enum(['RED', 'ORANGE']).nullable(),
});

export function toHabilitationOutput(h: HabilitationView, today: string): z.infer<typeof habilitationOutput> {
  return {
    id: h.id,
    profile: h.profile,
    profileLabel: profileLabel(h.profile),
    domain: h.domain,
    level: h.level,
    establishmentId: h.establishmentId,
    establishmentName: h.establishmentName,
    departement: h.departement,
    unitId: h.unitId,
    unitName: h.unitName,
    admissionDeskName: h.admissionDeskName,
    startsOn: h.startsOn,
    endsOn: h.endsOn,
    active: isActiveOn(h, today),
    state: validityState(h, today),
    receiveEmails: h.receiveEmails,
    privileges: describePrivileges((h.privileges ?? {}) as Privileges, h.profile),
    expiry: expiryLevel(h.endsOn, today),
  };
}
