import { query } from '@solidjs/router';
import { attempt } from '../lib/errors';
import { trpc } from '../lib/trpc';

/** One page of the establishments the viewer may manage, whose name, city or FINESS match. */
export const getEstablishments = query(
  (text: string, cursor: string | null) =>
    attempt(() => trpc.directory.establishments.query({ ...(text ? { query: text } : {}), cursor })),
  'directory-establishments',
);

/** One establishment, the fields the ROR keeps, and what the viewer may do with it. */
export const getEstablishment = query(
  (id: string) => attempt(() => trpc.directory.establishment.query({ id })),
  'directory-establishment',
);

export const getUnits = query(
  (establishmentId: string) => attempt(() => trpc.directory.units.query({ establishmentId })),
  'directory-units',
);

export const getUnit = query((id: string) => attempt(() => trpc.directory.unit.query({ id })), 'directory-unit');

export const getDesks = query(
  (establishmentId: string) => attempt(() => trpc.directory.desks.query({ establishmentId })),
  'directory-desks',
);
