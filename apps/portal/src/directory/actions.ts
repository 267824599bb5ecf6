import { action } from '@solidjs/router';
import { updateEstablishmentInput, updateUnitInput } from '@trajectoire/domain';
import { attempt, type FormError, fieldErrorsOf, type Outcome } from '../lib/errors';
import { trpc } from '../lib/trpc';
import { changesOf, checkUnitChanges, ESTABLISHMENT_FORM, UNIT_FORM } from './fields';
import { DIRECTORY_TEXTS } from './texts';
import type { Establishment, Unit } from './types';

type Fields = FormData | URLSearchParams;

/**
 * The input's paths (`changes.coverage.3`) name the form's fields by their second part; a
 * concurrent change is worded for the page, which offers to reload.
 */
function onForm(error: FormError): FormError {
  if (error.appCode === 'DIRECTORY_STALE') return { ...error, message: DIRECTORY_TEXTS.errors.stale };
  const fieldErrors: Record<string, string> = {};
  for (const [path, message] of Object.entries(error.fieldErrors)) {
    const field = path.replace(/^changes\./, '').split('.')[0] ?? path;
    fieldErrors[field] ??= message;
  }
  return { ...error, fieldErrors };
}

export type SaveOutcome<T> = Outcome<{ saved: T | null }>;

/** « Enregistrer » on « Informations générales »: only what changed, and only fields the viewer may change. */
export const updateEstablishment = action(
  async (
    original: { establishment: Establishment; readOnly: readonly string[] },
    form: Fields,
  ): Promise<SaveOutcome<Establishment>> => {
    const changes = changesOf(form, ESTABLISHMENT_FORM, original.establishment, original.readOnly);
    if (Object.keys(changes).length === 0) return { done: { saved: null } };
    // Checked with the server's own schema first; sent as typed, for the server to normalise.
    const input = { id: original.establishment.id, expectedUpdatedAt: original.establishment.updatedAt, changes };
    const parsed = updateEstablishmentInput.safeParse(input);
    if (!parsed.success) return { error: onForm(fieldErrorsOf(parsed.error.issues)) };
    const outcome = await attempt(() => trpc.directory.updateEstablishment.mutate(parsed.data));
    return outcome.error ? { error: onForm(outcome.error) } : { done: { saved: outcome.done } };
  },
  'directory-update-establishment',
);

const T = DIRECTORY_TEXTS.unit;

/** « Enregistrer » on a unit: its local fields (all of them when the establishment is not synchronised). */
export const updateUnit = action(
  async (original: { unit: Unit; readOnly: readonly string[] }, form: Fields): Promise<SaveOutcome<Unit>> => {
    const changes = changesOf(form, UNIT_FORM, original.unit, original.readOnly);
    // Named here with the entries that are wrong, before the schema's general message.
    const fieldErrors = checkUnitChanges(changes, { coverage: T.coverageInvalid, capacity: T.capacityInvalid });
    if (Object.keys(fieldErrors).length > 0) return { error: { fieldErrors } };
    if (Object.keys(changes).length === 0) return { done: { saved: null } };
    const input = { id: original.unit.id, expectedUpdatedAt: original.unit.updatedAt, changes };
    const parsed = updateUnitInput.safeParse(input);
    if (!parsed.success) return { error: onForm(fieldErrorsOf(parsed.error.issues)) };
    const outcome = await attempt(() => trpc.directory.updateUnit.mutate(parsed.data));
    return outcome.error ? { error: onForm(outcome.error) } : { done: { saved: outcome.done } };
  },
  'directory-update-unit',
);
