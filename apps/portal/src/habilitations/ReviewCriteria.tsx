import { DOMAIN_LABELS, DOMAINS, reviewFiltersSchema } from '@trajectoire/domain';
import { createSignal, For, Show } from 'solid-js';
import { departementLabel } from '../lib/format';
import type { CatalogueProfile, ReviewFilters, Structure } from './queries';
import { HABILITATIONS_TEXTS } from './texts';

const T = HABILITATIONS_TEXTS.review;

/** « Critères »: domain, coordination and structure required, unit and profile optional; checked before searching. */
export function ReviewCriteria(props: {
  structures: readonly Structure[];
  profiles: readonly CatalogueProfile[];
  /** A search is under way: the criteria stay, the button says so. */
  busy: boolean;
  onSearch: (filters: ReviewFilters) => void;
}) {
  const [domain, setDomain] = createSignal<string>('SANITAIRE');
  const [departement, setDepartement] = createSignal('');
  const [establishmentId, setEstablishmentId] = createSignal('');
  const [unitId, setUnitId] = createSignal('');
  const [profile, setProfile] = createSignal('');
  const [errors, setErrors] = createSignal<Record<string, string>>({});

  const departements = () => [...new Set(props.structures.map((s) => s.departement))].sort();
  const establishments = () => props.structures.filter((s) => !departement() || s.departement === departement());
  const establishment = () => props.structures.find((s) => s.id === establishmentId());

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    if (props.busy) return;
    const parsed = reviewFiltersSchema.safeParse({
      domain: domain(),
      departement: departement(),
      establishmentId: establishmentId(),
      ...(unitId() ? { unitId: unitId() } : {}),
      ...(profile() ? { profile: profile() } : {}),
    });
    if (!parsed.success) {
      const found: Record<string, string> = {};
      for (const issue of parsed.error.issues) found[String(issue.path[0])] ??= issue.message;
      setErrors(found);
      document.getElementById(`revue-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setErrors({});
    props.onSearch({ ...parsed.data });
  };

  const field = (name: string) => ({
    id: `revue-${name}`,
    'aria-invalid': errors()[name] ? true : undefined,
    'aria-describedby': errors()[name] ? `revue-${name}-erreur` : undefined,
  });
  const fieldError = (name: string) => (
    <Show when={errors()[name]}>
      <p id={`revue-${name}-erreur`} class="field-error">
        {errors()[name]}
      </p>
    </Show>
  );

  return (
    <section class="card" aria-labelledby="revue-filtres-titre">
      <h2 id="revue-filtres-titre">{T.criteria}</h2>
      <form novalidate onSubmit={onSubmit} class="review-form">
        <div class="field">
          <label for="revue-domain">{T.domain}</label>
          {fieldError('domain')}
          <select {...field('domain')} value={domain()} onChange={(e) => setDomain(e.currentTarget.value)}>
            <For each={DOMAINS}>{(d) => <option value={d}>{DOMAIN_LABELS[d]}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="revue-departement">{T.departement}</label>
          {fieldError('departement')}
          <select
            {...field('departement')}
            value={departement()}
            onChange={(e) => {
              setDepartement(e.currentTarget.value);
              setEstablishmentId('');
              setUnitId('');
            }}
          >
            <option value="">{T.choose}</option>
            <For each={departements()}>{(d) => <option value={d}>{departementLabel(d)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="revue-establishmentId">{T.establishment}</label>
          {fieldError('establishmentId')}
          <select
            {...field('establishmentId')}
            required
            value={establishmentId()}
            onChange={(e) => {
              setEstablishmentId(e.currentTarget.value);
              setUnitId('');
            }}
          >
            <option value="">{T.choose}</option>
            <For each={establishments()}>{(s) => <option value={s.id}>{s.name}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="revue-unitId">{T.unit}</label>
          {fieldError('unitId')}
          <select {...field('unitId')} value={unitId()} onChange={(e) => setUnitId(e.currentTarget.value)}>
            <option value="">{T.allUnits}</option>
            <For each={establishment()?.units ?? []}>{(u) => <option value={u.id}>{u.name}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="revue-profile">{T.profile}</label>
          {fieldError('profile')}
          <select {...field('profile')} value={profile()} onChange={(e) => setProfile(e.currentTarget.value)}>
            <option value="">{T.allProfiles}</option>
            <For each={props.profiles}>{(p) => <option value={p.code}>{p.label}</option>}</For>
          </select>
        </div>
        <div class="form-actions">
          {/* Busy, not disabled: the button keeps the focus it was given. */}
          <button type="submit" class="button button-primary" aria-disabled={props.busy ? 'true' : undefined}>
            {props.busy ? T.searchingButton : T.submit}
          </button>
        </div>
      </form>
    </section>
  );
}
