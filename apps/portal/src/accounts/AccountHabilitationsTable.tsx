import { HabilitationTable } from '../habilitations/HabilitationTable';
import { HABILITATIONS_TEXTS } from '../habilitations/texts';
import { placeOf } from '../lib/habilitations';
import type { AccountDetail } from '../lib/trpc';
import { ACCOUNTS_TEXTS } from './texts';

const T = ACCOUNTS_TEXTS.habilitations;
const TABLE = HABILITATIONS_TEXTS.table;

type AccountHabilitation = AccountDetail['habilitations'][number];

/** How a habilitation of the account is named in labels: profile, place and establishment. */
export function describeHabilitation(h: AccountHabilitation): string {
  return `${h.profileLabel} — ${placeOf(h) ?? T.wholeEstablishment}, ${h.establishmentName}`;
}

/**
 * The habilitations of an account, each with its domain and its « Droits »; with the calendar
 * and the red cross when the référent manages it.
 */
export function AccountHabilitationsTable(props: {
  habilitations: AccountDetail['habilitations'];
  /** « Prénom Nom », in the buttons' names. */
  holder: string;
  onChangeEnd?: ((h: AccountHabilitation) => void) | undefined;
  onDelete?: ((h: AccountHabilitation) => void) | undefined;
}) {
  return (
    <HabilitationTable
      habilitations={props.habilitations}
      region={T.tableRegion}
      caption={T.caption}
      columns={{
        profile: T.columns.profile,
        domain: T.columns.domain,
        establishment: { header: T.columns.establishment },
        unit: { header: T.columns.unit, whole: T.wholeEstablishment },
        startsOn: T.columns.startsOn,
        endsOn: { header: T.columns.endsOn, expiry: true },
        // As in the review: the privileges show on a click on « Droits » (« de l’habilitation … » for screen readers).
        privileges: { header: T.columns.privileges, who: (h) => T.privilegesOf(describeHabilitation(h)) },
        // Only what the server says the référent may do to each.
        actions: props.onChangeEnd
          ? {
              header: TABLE.actions,
              changeEnd: {
                label: (h) => TABLE.changeEnd(TABLE.named(describeHabilitation(h), props.holder)),
                onClick: (h) => props.onChangeEnd?.(h),
                offered: (h) => h.may.prolong || h.may.reduce,
              },
              remove: {
                label: (h) => TABLE.remove(TABLE.named(describeHabilitation(h), props.holder)),
                onClick: (h) => props.onDelete?.(h),
                offered: (h) => h.may.delete,
              },
            }
          : undefined,
      }}
    />
  );
}
