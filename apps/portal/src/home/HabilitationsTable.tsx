import { HabilitationTable } from '../habilitations/HabilitationTable';
import type { Habilitation } from '../lib/trpc';
import { HOME_TEXTS } from './texts';

const T = HOME_TEXTS.habilitations;

/** « Mes habilitations » of the home page: what each gives access to, where, and whether it is active today. */
export function HabilitationsTable(props: { habilitations: readonly Habilitation[] }) {
  return (
    <HabilitationTable
      habilitations={props.habilitations}
      region={T.tableRegion}
      caption={T.caption}
      columns={{
        profile: T.columns.profile,
        domain: T.columns.domain,
        establishment: { header: T.columns.establishment, departement: T.departement },
        unit: { header: T.columns.unit, whole: T.wholeEstablishment },
        startsOn: T.columns.startsOn,
        endsOn: { header: T.columns.endsOn },
        state: { header: T.columns.state, active: T.active, inactive: T.inactive },
      }}
    />
  );
}
