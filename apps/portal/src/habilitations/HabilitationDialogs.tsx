import { useAction } from '@solidjs/router';
import { PROLONGATION_LABELS, PROLONGATIONS, type Prolongation } from '@trajectoire/domain';
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import type { Outcome } from '../lib/errors';
import { formatDay } from '../lib/format';
import { placeOf } from '../lib/habilitations';
import { useForgetOnLeave } from '../lib/submissions';
import { Dialog } from '../ui/Dialog';
import { changeHabilitationEnd, deleteHabilitation, grantHabilitations } from './actions';
import { HABILITATIONS_TEXTS } from './texts';

const T = HABILITATIONS_TEXTS;

/** The habilitation a dialog acts on, how it is named to the référent, and what may be done to it. */
export interface HabilitationTarget {
  id: string;
  endsOn: string;
  /** The habilitation and its holder: « Prescripteur médical — Cardiologie, CHU de Lyon — de Jérôme Bernard » (`T.table.named`). */
  named: string;
  /** Whether the calendar may move the end later (never one's own). */
  prolong: boolean;
}

/** « Prescripteur médical — Cardiologie, CHU de Lyon »: a habilitation by its profile and place. */
export function describeHabilitation(h: {
  profileLabel: string;
  level: 'ESTABLISHMENT' | 'UNIT' | 'ADMISSION_DESK';
  unitName: string | null;
  admissionDeskName: string | null;
  establishmentName: string;
}): string {
  return `${h.profileLabel} — ${placeOf(h) ?? T.table.wholeEstablishment}, ${h.establishmentName}`;
}

/** Today on the French calendar, the earliest end the calendar offers. */
const parisToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

type EndChange = { prolongation: Prolongation } | { endsOn: string };

/** The first words of a refusal: its message, or the first field it concerns. */
const refusal = (outcome: Outcome<unknown>) =>
  outcome.error ? (outcome.error.message ?? Object.values(outcome.error.fieldErrors)[0] ?? '') : '';

/**
 * The writes of a page listing habilitations: `grant` for the grant dialog; the calendar and the
 * cross, with which dialog is open, and the dialogs (render `<actions.Dialogs />` once). `done`
 * gets the outcome to announce; the review's pages are read again by the actions themselves.
 */
export function createHabilitationActions(done: (message: string, failed?: boolean) => void) {
  const [toChange, setToChange] = createSignal<HabilitationTarget | null>(null);
  const [toDelete, setToDelete] = createSignal<HabilitationTarget | null>(null);
  const changeEnd = useAction(changeHabilitationEnd);
  const remove = useAction(deleteHabilitation);
  useForgetOnLeave(changeHabilitationEnd, deleteHabilitation, grantHabilitations);
  return {
    grant: useAction(grantHabilitations),
    changeEnd: (target: HabilitationTarget) => setToChange(target),
    remove: (target: HabilitationTarget) => setToDelete(target),
    Dialogs: () => (
      <>
        <EndDateDialog
          target={toChange()}
          onChange={(id, change) => changeEnd(id, change)}
          onClose={() => setToChange(null)}
          onDone={(message) => {
            setToChange(null);
            done(message);
          }}
        />
        <DeleteHabilitationDialog
          target={toDelete()}
          onConfirm={(id) => remove(id)}
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
  onChange: (id: string, change: EndChange) => Promise<Outcome<{ endsOn: string }>>;
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

  const change = async (request: EndChange) => {
    const target = props.target;
    if (!target) return;
    setBusy(true);
    const outcome = await props.onChange(target.id, request);
    setBusy(false);
    if (outcome.error) setError(refusal(outcome));
    else props.onDone(T.endDate.changed(target.named, formatDay(outcome.done.endsOn)));
  };

  return (
    <Dialog
      open={props.target !== null}
      title={T.endDate.title(props.target?.named ?? '')}
      onClose={props.onClose}
      actions={
        <button type="button" class="button button-secondary" data-autofocus onClick={props.onClose}>
          {T.endDate.cancel}
        </button>
      }
    >
      <Show when={props.target}>
        {(target) => (
          <>
            <Show when={target().prolong} fallback={<p>{T.endDate.ownOnly(formatDay(target().endsOn))}</p>}>
              <p>{T.endDate.current(formatDay(target().endsOn))}</p>
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
            </Show>
            <div class="field">
              <label for="nouvelle-fin">{T.endDate.newEnd}</label>
              <p class="field-hint" id="nouvelle-fin-aide">
                {T.endDate.newEndHint}
              </p>
              <Show when={error()}>
                <p id="nouvelle-fin-erreur" class="field-error">
                  {error()}
                </p>
              </Show>
              <input
                id="nouvelle-fin"
                type="date"
                value={endsOn()}
                min={parisToday()}
                max={target().prolong ? undefined : target().endsOn.slice(0, 10)}
                aria-invalid={error() ? true : undefined}
                aria-describedby={error() ? 'nouvelle-fin-aide nouvelle-fin-erreur' : 'nouvelle-fin-aide'}
                onInput={(e) => setEndsOn(e.currentTarget.value)}
              />
            </div>
            <button
              type="button"
              class="button button-primary"
              disabled={busy()}
              onClick={() => change({ endsOn: endsOn() })}
            >
              {T.endDate.save}
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
  onConfirm: (id: string) => Promise<Outcome<unknown>>;
  onClose: () => void;
  onDone: (message: string, failed: boolean) => void;
}) {
  const [busy, setBusy] = createSignal(false);
  const confirm = async () => {
    const target = props.target;
    if (!target) return;
    setBusy(true);
    const outcome = await props.onConfirm(target.id);
    setBusy(false);
    props.onDone(outcome.error ? refusal(outcome) : T.remove.removed(target.named), Boolean(outcome.error));
  };
  return (
    <Dialog
      open={props.target !== null}
      title={T.remove.title}
      role="alertdialog"
      onClose={props.onClose}
      actions={
        <>
          <button type="button" class="button button-danger" disabled={busy()} onClick={confirm}>
            {T.remove.confirm}
          </button>
          <button type="button" class="button button-secondary" data-autofocus onClick={props.onClose}>
            {T.remove.cancel}
          </button>
        </>
      }
    >
      <p>{T.remove.text(props.target?.named ?? '')}</p>
    </Dialog>
  );
}
