import { createSignal, Index, Show } from 'solid-js';
import type { Outcome } from '../lib/errors';
import { formatDay } from '../lib/format';
import { placeOf } from '../lib/habilitations';
import type { MyHabilitation } from '../lib/trpc';
import { Dialog } from '../ui/Dialog';
import { ACCOUNT_TEXTS } from './texts';

const T = ACCOUNT_TEXTS.habilitations;

interface MyHabilitationsProps {
  habilitations: readonly MyHabilitation[];
  onEmailsChange: (habilitationId: string, receiveEmails: boolean) => Promise<Outcome<unknown>>;
  onDelete: (habilitationId: string) => Promise<Outcome<unknown>>;
}

/** How a habilitation is named in labels and messages: profile, place and establishment. */
function describe(h: MyHabilitation): string {
  return T.describe(h.profileLabel, placeOf(h) ?? T.wholeEstablishment, h.establishmentName);
}

/** « Mes habilitations »: e-mail notifications per habilitation, and the red cross to give one up. */
export function MyHabilitations(props: MyHabilitationsProps) {
  const [status, setStatus] = createSignal('');
  const [alert, setAlert] = createSignal('');
  const [toDelete, setToDelete] = createSignal<MyHabilitation | null>(null);
  const [deleting, setDeleting] = createSignal(false);
  let heading: HTMLHeadingElement | undefined;

  const report = (outcome: Outcome<unknown>, success: string) => {
    setAlert(outcome.error?.message ?? '');
    setStatus(outcome.error ? '' : success);
  };

  // Once the row is gone, the keyboard goes back to the section rather than to nowhere.
  let removedOne = false;
  const confirmDelete = async () => {
    const h = toDelete();
    if (!h) return;
    setDeleting(true);
    const outcome = await props.onDelete(h.id);
    setDeleting(false);
    removedOne = !outcome.error;
    report(outcome, T.removed(describe(h)));
    setToDelete(null);
  };

  return (
    <section class="card" aria-labelledby="habilitations-titre">
      <h2 id="habilitations-titre" ref={heading} tabindex="-1">
        {T.heading}
      </h2>
      <div role="alert" class="alert alert-error">
        {alert()}
      </div>
      <div role="status" class="alert alert-success">
        {status()}
      </div>
      <Show when={props.habilitations.length > 0} fallback={<p>{T.empty}</p>}>
        <p class="note">{T.intro}</p>
        <section class="table-scroll" aria-label={T.tableRegion} tabindex="0">
          <table>
            <caption class="visually-hidden">{T.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{T.columns.profile}</th>
                <th scope="col">{T.columns.establishment}</th>
                <th scope="col">{T.columns.unit}</th>
                <th scope="col">{T.columns.startsOn}</th>
                <th scope="col">{T.columns.endsOn}</th>
                <th scope="col">{T.columns.emails}</th>
                <th scope="col">
                  <span class="visually-hidden">{T.columns.remove}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {/* By position, so that a refreshed list keeps the row, and the focus, of the box just ticked. */}
              <Index each={props.habilitations}>
                {(h) => (
                  <tr>
                    <th scope="row">{h().profileLabel}</th>
                    <td>{h().establishmentName}</td>
                    <td>{placeOf(h()) ?? T.wholeEstablishment}</td>
                    <td>{formatDay(h().startsOn)}</td>
                    <td>{formatDay(h().endsOn)}</td>
                    <td class="cell-center">
                      <input
                        type="checkbox"
                        class="checkbox"
                        checked={h().receiveEmails}
                        aria-label={T.emailsLabel(describe(h()))}
                        onChange={async (event) => {
                          const box = event.currentTarget;
                          const wanted = box.checked;
                          const outcome = await props.onEmailsChange(h().id, wanted);
                          if (outcome.error) box.checked = !wanted;
                          report(outcome, wanted ? T.emailsOn(describe(h())) : T.emailsOff(describe(h())));
                        }}
                      />
                    </td>
                    <td class="cell-center">
                      <button type="button" class="icon-button icon-button-danger" onClick={() => setToDelete(h())}>
                        <span aria-hidden="true" class="cross" />
                        <span class="visually-hidden">{T.removeLabel(describe(h()))}</span>
                      </button>
                    </td>
                  </tr>
                )}
              </Index>
            </tbody>
          </table>
        </section>
      </Show>

      <Dialog
        open={toDelete() !== null}
        title={T.confirmTitle}
        onClose={() => setToDelete(null)}
        returnFocus={() => {
          const target = removedOne ? heading : undefined;
          removedOne = false;
          return target;
        }}
        actions={
          <>
            <button type="button" class="button button-danger" disabled={deleting()} onClick={confirmDelete}>
              {T.confirm}
            </button>
            <button type="button" class="button button-secondary" data-autofocus onClick={() => setToDelete(null)}>
              {T.cancel}
            </button>
          </>
        }
      >
        <Show when={toDelete()}>{(h) => <p>{T.confirmText(describe(h()))}</p>}</Show>
        <p>{T.confirmWarning}</p>
      </Dialog>
    </section>
  );
}
