import { createSignal, For, Show } from 'solid-js';
import { formatPhone } from '../lib/format';
import type { EstablishmentReferents } from '../lib/trpc';
import { ACCOUNT_TEXTS } from './texts';

const T = ACCOUNT_TEXTS.referents;

/** One establishment: its name, and behind « Voir » the référents to turn to. */
function EstablishmentReferentsItem(props: { group: EstablishmentReferents }) {
  const [open, setOpen] = createSignal(false);
  const panelId = () => `referents-${props.group.establishmentId}`;
  return (
    <li class="referents-group">
      <div class="referents-header">
        <h3>{props.group.establishmentName}</h3>
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
          <span class="visually-hidden"> {T.whose(props.group.establishmentName)}</span>
        </button>
      </div>
      <div id={panelId()} hidden={!open()}>
        <Show when={props.group.referents.length > 0} fallback={<p>{T.none}</p>}>
          <ul class="referents">
            <For each={props.group.referents}>
              {(referent) => (
                <li class="referent">
                  <p class="referent-name">
                    {referent.firstName} {referent.lastName}
                  </p>
                  <p class="muted">
                    {referent.profile === 'REFERENT_STRUCTURE' ? T.structure : T.unit(referent.unitName)}
                  </p>
                  <p>
                    {T.email} <a href={`mailto:${referent.email}`}>{referent.email}</a>
                  </p>
                  <p>
                    <Show when={referent.phone} fallback={T.noPhone}>
                      {(phone) => (
                        <>
                          {T.phone} <a href={`tel:${phone()}`}>{formatPhone(phone())}</a>
                        </>
                      )}
                    </Show>
                  </p>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
    </li>
  );
}

/** « Mes référents »: who can prolong a habilitation or grant a new one, per establishment. */
export function MyReferents(props: { groups: readonly EstablishmentReferents[] }) {
  return (
    <section class="card" aria-labelledby="referents-titre">
      <h2 id="referents-titre">{T.heading}</h2>
      <Show when={props.groups.length > 0} fallback={<p>{T.empty}</p>}>
        <p class="note">{T.intro}</p>
        <ul class="referents-groups">
          <For each={props.groups}>{(group) => <EstablishmentReferentsItem group={group} />}</For>
        </ul>
      </Show>
    </section>
  );
}
