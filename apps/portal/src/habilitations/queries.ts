import { query } from '@solidjs/router';
import { attempt } from '../lib/errors';
import { trpc } from '../lib/trpc';

export type Catalogue = Awaited<ReturnType<typeof trpc.habilitations.catalogue.query>>;
export type CatalogueProfile = Catalogue['profiles'][number];
export type Structure = Awaited<ReturnType<typeof trpc.habilitations.structures.query>>[number];
export type ReviewSort = 'NAME' | 'PROFILE' | 'END';
export type ReviewDirection = 'ASC' | 'DESC';
export type ReviewAnswer = Awaited<ReturnType<typeof trpc.habilitations.review.query>>;
export type ReviewRow = ReviewAnswer['rows'][number];

/** The review's criteria, as checked by `reviewFiltersSchema`. */
export interface ReviewFilters {
  domain: string;
  departement: string;
  establishmentId: string;
  unitId?: string;
  profile?: string;
}

/** One page of the review, in one order. */
export interface ReviewRequest extends ReviewFilters {
  sort: ReviewSort;
  direction: ReviewDirection;
  page: number;
}

export const REVIEW_PAGE_SIZE = 50;

/** Profiles, their domains, levels and privilege rules: what a grant may choose. */
export const getCatalogue = query(() => trpc.habilitations.catalogue.query(), 'habilitations-catalogue');

/** The establishments (with units and admission desks) the référent administers. */
export const getStructures = query(() => trpc.habilitations.structures.query(), 'habilitations-structures');

/** « Revue des habilitations »: one page of habilitations; or why it cannot be shown. */
export const getReview = query(
  (request: ReviewRequest) =>
    attempt(() =>
      trpc.habilitations.review.query({
        ...(request as Parameters<typeof trpc.habilitations.review.query>[0]),
        pageSize: REVIEW_PAGE_SIZE,
      }),
    ),
  'habilitations-review',
);

/** « Exporter »: the same criteria and order, every page, as a spreadsheet. */
export function reviewExportHref(filters: ReviewFilters, sort: ReviewSort, direction: ReviewDirection): string {
  const params = new URLSearchParams({
    domain: filters.domain,
    departement: filters.departement,
    establishmentId: filters.establishmentId,
    ...(filters.unitId ? { unitId: filters.unitId } : {}),
    ...(filters.profile ? { profile: filters.profile } : {}),
    sort,
    direction,
  });
  return `/exports/revue-habilitations.xlsx?${params.toString()}`;
}
