import { createSignal, Show } from 'solid-js';
import { HabilitationTable } from '../habilitations/HabilitationTable';
import type { Outcome } from '../lib/errors';
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
        <HabilitationTable
          habilitations={props.habilitations}
          region={T.tableRegion}
          caption={T.caption}
          byPosition
          columns={{
            profile: T.columns.profile,
            establishment: { header: T.columns.establishment },
            unit: { header: T.columns.unit, whole: T.wholeEstablishment },
            startsOn: T.columns.startsOn,
            endsOn: { header: T.columns.endsOn },
            emails: {
              header: T.columns.emails,
              label: (h) => T.emailsLabel(describe(h)),
              onChange: async (h, wanted) => {
                const outcome = await props.onEmailsChange(h.id, wanted);
                report(outcome, wanted ? T.emailsOn(describe(h)) : T.emailsOff(describe(h)));
                return outcome;
              },
            },
            actions: {
              header: T.columns.remove,
              remove: { label: (h) => T.removeLabel(describe(h)), onClick: (h) => setToDelete(h) },
            },
          }}
        />
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
