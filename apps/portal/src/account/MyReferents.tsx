import { createSignal, For, Show } from 'solid-js';
import { formatPhone } from '../lib/format';
import { placeOf } from '../lib/habilitations';
import type { EstablishmentReferents, MyHabilitation } from '../lib/trpc';
import { ACCOUNT_TEXTS } from './texts';

const T = ACCOUNT_TEXTS.referents;

type Referent = EstablishmentReferents['referents'][number];

/**
 * Whom to ask about one habilitation: the référents structure of its establishment and, for a
 * unit or an admission desk, the référents unité of that unit (the server lists them by
 * establishment, naming each référent unité's unit).
 */
function referentsOf(habilitation: MyHabilitation, groups: readonly EstablishmentReferents[]): Referent[] {
  const group = groups.find((g) => g.establishmentId === habilitation.establishmentId);
  const structure = (group?.referents ?? []).filter((r) => r.profile === 'REFERENT_STRUCTURE');
  const unit = (group?.referents ?? []).filter(
    (r) => r.profile === 'REFERENT_UNITE' && habilitation.unitId !== null && r.unitId === habilitation.unitId,
  );
  return [...structure, ...unit];
}

function ReferentCard(props: { referent: Referent }) {
  return (
    <li class="referent">
      <p class="referent-name">
        {props.referent.firstName} {props.referent.lastName}
      </p>
      <p class="muted">
        {props.referent.profile === 'REFERENT_STRUCTURE' ? T.structure : T.unit(props.referent.unitName)}
      </p>
      <p>
        {T.email} <a href={`mailto:${props.referent.email}`}>{props.referent.email}</a>
      </p>
      <p>
        <Show when={props.referent.phone} fallback={T.noPhone}>
          {(phone) => (
            <>
              {T.phone} <a href={`tel:${phone()}`}>{formatPhone(phone())}</a>
            </>
          )}
        </Show>
      </p>
    </li>
  );
}

/** One habilitation: what and where, and behind « Voir » the référents to turn to. */
function HabilitationReferents(props: { habilitation: MyHabilitation; referents: readonly Referent[] }) {
  const [open, setOpen] = createSignal(false);
  const panelId = () => `referents-${props.habilitation.id}`;
  const place = () => placeOf(props.habilitation) ?? T.wholeEstablishment;
  const described = () => `${props.habilitation.profileLabel} — ${place()}, ${props.habilitation.establishmentName}`;
  return (
    <li class="referents-group">
      <div class="referents-header">
        <div>
          <h2>{props.habilitation.profileLabel}</h2>
          <p class="muted">
            {place()}, {props.habilitation.establishmentName}
          </p>
        </div>
        <button
          type="button"
          class="button button-secondary disclosure-button"
          aria-expanded={open()}
          aria-controls={panelId()}
          onClick={() => setOpen(!open())}
        >
          <span class="disclosure-sign" aria-hidden="true">
            {open() ? '−' : '+'}
          </span>{' '}
          {T.show}
          <span class="visually-hidden"> {T.whose(described())}</span>
        </button>
      </div>
      <div id={panelId()} hidden={!open()}>
        <Show when={props.referents.length > 0} fallback={<p class="referents-none">{T.none}</p>}>
          <ul class="referents">
            <For each={props.referents}>{(referent) => <ReferentCard referent={referent} />}</For>
          </ul>
        </Show>
      </div>
    </li>
  );
}

/** « Mes référents »: who can prolong a habilitation or grant a new one, per habilitation. */
export function MyReferents(props: {
  habilitations: readonly MyHabilitation[];
  groups: readonly EstablishmentReferents[];
}) {
  return (
    <div class="card">
      <Show when={props.habilitations.length > 0} fallback={<p>{T.empty}</p>}>
        <ul class="referents-groups">
          <For each={props.habilitations}>
            {(habilitation) => (
              <HabilitationReferents habilitation={habilitation} referents={referentsOf(habilitation, props.groups)} />
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
