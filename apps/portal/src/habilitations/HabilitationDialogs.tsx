import { PROLONGATION_LABELS, PROLONGATIONS } from '@trajectoire/domain';
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { attempt } from '../lib/errors';
import { formatDay } from '../lib/format';
import { trpc } from '../lib/trpc';
import { Dialog } from '../ui/Dialog';

type Prolongation = keyof typeof PROLONGATIONS;

/** The habilitation a dialog acts on, and how it is named to the référent. */
export interface HabilitationTarget {
  id: string;
  endsOn: string;
  /** « Prénom Nom », or the profile and place on an account's page. */
  who: string;
}

/**
 * The calendar and the cross of a list of habilitations: which dialog is open, and the dialogs
 * (render `<actions.Dialogs />` once). `done` gets the outcome to announce, and refreshes the list.
 */
export function createHabilitationActions(done: (message: string, failed?: boolean) => void) {
  const [toChange, setToChange] = createSignal<HabilitationTarget | null>(null);
  const [toDelete, setToDelete] = createSignal<HabilitationTarget | null>(null);
  return {
    changeEnd: (target: HabilitationTarget) => setToChange(target),
    remove: (target: HabilitationTarget) => setToDelete(target),
    Dialogs: () => (
      <>
        <EndDateDialog
          target={toChange()}
          onClose={() => setToChange(null)}
          onDone={(message) => {
            setToChange(null);
            done(message);
          }}
        />
        <DeleteHabilitationDialog
          target={toDelete()}
          onClose={() => setToDelete(null)}
          onDone={(message, failed) => {
            setToDelete(null);
            done(message, failed);
          }}
        />
      </>
    ),
  };
}

/** The calendar: « 6 mois » … « 5 ans » counted from today, or a chosen end date. */
export function EndDateDialog(props: {
  target: HabilitationTarget | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [endsOn, setEndsOn] = createSignal('');
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  createEffect(
    on(
      () => props.target,
      (target) => {
        setEndsOn(target?.endsOn.slice(0, 10) ?? '');
        setError('');
      },
    ),
  );

  const change = async (request: { prolongation: Prolongation } | { endsOn: string }) => {
    const target = props.target;
    if (!target) return;
    if ('endsOn' in request && !/^\d{4}-\d{2}-\d{2}$/.test(request.endsOn)) {
      setError('Date de fin invalide.');
      return;
    }
    setBusy(true);
    const outcome = await attempt(() => trpc.habilitations.changeEnd.mutate({ id: target.id, change: request }));
    setBusy(false);
    if (outcome.error) {
      setError(outcome.error.message ?? Object.values(outcome.error.fieldErrors)[0] ?? '');
      return;
    }
    props.onDone(`L'habilitation de ${target.who} se termine désormais le ${formatDay(outcome.done.endsOn)}.`);
  };

  return (
    <Dialog
      open={props.target !== null}
      title={`Date de fin de l'habilitation de ${props.target?.who ?? ''}`}
      onClose={props.onClose}
      actions={
        <button type="button" class="button button-secondary" data-autofocus onClick={props.onClose}>
          Annuler
        </button>
      }
    >
      <Show when={props.target}>
        {(target) => (
          <>
            <p>Fin actuelle : {formatDay(target().endsOn)}. Prolonger à partir d'aujourd'hui de :</p>
            <div class="prolongations">
              <For each={Object.keys(PROLONGATIONS) as Prolongation[]}>
                {(p) => (
                  <button
                    type="button"
                    class="button button-primary"
                    disabled={busy()}
                    onClick={() => change({ prolongation: p })}
                  >
                    {PROLONGATION_LABELS[p]}
                  </button>
                )}
              </For>
            </div>
            <div class="field">
              <label for="nouvelle-fin">Nouvelle date de fin</label>
              <Show when={error()}>
                <p id="nouvelle-fin-erreur" class="field-error">
                  {error()}
                </p>
              </Show>
              <input
                id="nouvelle-fin"
                type="date"
                value={endsOn()}
                aria-describedby={error() ? 'nouvelle-fin-erreur' : undefined}
                onInput={(e) => setEndsOn(e.currentTarget.value)}
              />
            </div>
            <button
              type="button"
              class="button button-primary"
              disabled={busy()}
              onClick={() => change({ endsOn: endsOn() })}
            >
              Enregistrer
            </button>
          </>
        )}
      </Show>
    </Dialog>
  );
}

/** The red cross's confirmation. */
export function DeleteHabilitationDialog(props: {
  target: HabilitationTarget | null;
  onClose: () => void;
  onDone: (message: string, failed: boolean) => void;
}) {
  const [busy, setBusy] = createSignal(false);
  const confirm = async () => {
    const target = props.target;
    if (!target) return;
    setBusy(true);
    const outcome = await attempt(() => trpc.habilitations.delete.mutate({ id: target.id }));
    setBusy(false);
    props.onDone(
      outcome.error
        ? (outcome.error.message ?? Object.values(outcome.error.fieldErrors)[0] ?? '')
        : `L'habilitation de ${target.who} a été supprimée.`,
      Boolean(outcome.error),
    );
  };
  return (
    <Dialog
      open={props.target !== null}
      title="Supprimer cette habilitation ?"
      role="alertdialog"
      onClose={props.onClose}
      actions={
        <>
          <button type="button" class="button button-danger" disabled={busy()} onClick={confirm}>
            Supprimer
          </button>
          <button type="button" class="button button-secondary" data-autofocus onClick={props.onClose}>
            Annuler
          </button>
        </>
      }
    >
      <p>L'habilitation de {props.target?.who ?? ''} sera supprimée.</p>
    </Dialog>
  );
}
