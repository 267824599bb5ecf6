import type { trpc } from '../lib/trpc';

/** The directory's answers, as the routers type them. */
export type EstablishmentPage = Awaited<ReturnType<typeof trpc.directory.establishments.query>>;
export type EstablishmentSummary = EstablishmentPage['items'][number];
export type EstablishmentDetail = Awaited<ReturnType<typeof trpc.directory.establishment.query>>;
export type Establishment = EstablishmentDetail['establishment'];
export type UnitSummary = Awaited<ReturnType<typeof trpc.directory.units.query>>['items'][number];
export type UnitDetail = Awaited<ReturnType<typeof trpc.directory.unit.query>>;
export type Unit = UnitDetail['unit'];
export type Desk = Awaited<ReturnType<typeof trpc.directory.desks.query>>['items'][number];
