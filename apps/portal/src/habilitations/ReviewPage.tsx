import { DOMAIN_LABELS, DOMAINS, reviewFiltersSchema } from '@trajectoire/domain';
import { createResource, createSignal, For, Show } from 'solid-js';
import { ReferentsOnly } from '../accounts/ReferentsOnly';
import { attempt, type Outcome } from '../lib/errors';
import { formatDay } from '../lib/format';
import { setPageTitle } from '../lib/page-title';
import { trpc } from '../lib/trpc';
import { createHabilitationActions, type HabilitationTarget } from './HabilitationDialogs';

type Sort = 'NAME' | 'PROFILE' | 'END';
type Direction = 'ASC' | 'DESC';
type ReviewAnswer = Awaited<ReturnType<typeof trpc.habilitations.review.query>>;
type ReviewRow = ReviewAnswer['rows'][number];
const PAGE_SIZE = 50;

const who = (r: ReviewRow) => `${r.firstName} ${r.lastName}`;

export function ReviewPage() {
  setPageTitle('Revue des habilitations');
  return <ReferentsOnly>{() => <Review />}</ReferentsOnly>;
}

interface Filters {
  domain: string;
  departement: string;
  establishmentId: string;
  unitId?: string;
  profile?: string;
}

function Review() {
  const [structures] = createResource(() => trpc.habilitations.structures.query());
  const [catalogue] = createResource(() => trpc.habilitations.catalogue.query());
  const [domain, setDomain] = createSignal<string>('SANITAIRE');
  const [departement, setDepartement] = createSignal('');
  const [establishmentId, setEstablishmentId] = createSignal('');
  const [unitId, setUnitId] = createSignal('');
  const [profile, setProfile] = createSignal('');
  const [errors, setErrors] = createSignal<Record<string, string>>({});

  const [filters, setFilters] = createSignal<Filters | undefined>();
  const [sort, setSort] = createSignal<Sort>('NAME');
  const [direction, setDirection] = createSignal<Direction>('ASC');
  const [page, setPage] = createSignal(1);
  const [alert, setAlert] = createSignal('');
  const [status, setStatus] = createSignal('');

  const departements = () => [...new Set((structures() ?? []).map((s) => s.departement))].sort();
  const establishments = () => (structures() ?? []).filter((s) => !departement() || s.departement === departement());
  const establishment = () => (structures() ?? []).find((s) => s.id === establishmentId());

  const query = () => {
    const f = filters();
    return f ? { ...f, sort: sort(), direction: direction(), page: page() } : undefined;
  };
  const [results, { refetch }] = createResource(query, (q) =>
    attempt(() =>
      trpc.habilitations.review.query({
        ...(q as Parameters<typeof trpc.habilitations.review.query>[0]),
        pageSize: PAGE_SIZE,
      }),
    ),
  );

  const exportHref = () => {
    const f = filters();
    if (!f) return '';
    const params = new URLSearchParams({
      domain: f.domain,
      departement: f.departement,
      establishmentId: f.establishmentId,
      ...(f.unitId ? { unitId: f.unitId } : {}),
      ...(f.profile ? { profile: f.profile } : {}),
      sort: sort(),
      direction: direction(),
    });
    return `/exports/revue-habilitations.xlsx?${params.toString()}`;
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
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
    setAlert('');
    setStatus('');
    setPage(1);
    setFilters({ ...parsed.data });
  };

  const sortBy = (column: Sort) => {
    if (sort() === column) setDirection(direction() === 'ASC' ? 'DESC' : 'ASC');
    else {
      setSort(column);
      setDirection('ASC');
    }
    setPage(1);
  };
  const ariaSort = (column: Sort) =>
    sort() === column ? (direction() === 'ASC' ? 'ascending' : 'descending') : undefined;

  const report = (outcome: Outcome<unknown>, success: string) => {
    setAlert(outcome.error ? (outcome.error.message ?? Object.values(outcome.error.fieldErrors)[0] ?? '') : '');
    setStatus(outcome.error ? '' : success);
  };

  // The calendar and the cross.
  const target = (row: ReviewRow): HabilitationTarget => ({ id: row.id, endsOn: row.endsOn, who: who(row) });
  const done = (message: string, failed = false) => {
    setAlert(failed ? message : '');
    setStatus(failed ? '' : message);
    refetch();
  };
  const actions = createHabilitationActions(done);

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

  const sortHeader = (column: Sort, label: string) => (
    <th scope="col" aria-sort={ariaSort(column)}>
      <button type="button" class="button-link sort-button" onClick={() => sortBy(column)}>
        {label}
        <span aria-hidden="true">{sort() === column ? (direction() === 'ASC' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );

  return (
    <>
      <div class="page-heading">
        <h1>Revue des habilitations</h1>
      </div>
      <div class="stack">
        <section class="card" aria-labelledby="revue-filtres-titre">
          <h2 id="revue-filtres-titre">Critères</h2>
          <form novalidate onSubmit={onSubmit} class="review-form">
            <div class="field">
              <label for="revue-domain">Domaine</label>
              {fieldError('domain')}
              <select {...field('domain')} value={domain()} onChange={(e) => setDomain(e.currentTarget.value)}>
                <For each={DOMAINS}>{(d) => <option value={d}>{DOMAIN_LABELS[d]}</option>}</For>
              </select>
            </div>
            <div class="field">
              <label for="revue-departement">Coordination</label>
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
                <option value="">Choisissez</option>
                <For each={departements()}>{(d) => <option value={d}>{d}</option>}</For>
              </select>
            </div>
            <div class="field">
              <label for="revue-establishmentId">Structure</label>
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
                <option value="">Choisissez</option>
                <For each={establishments()}>{(s) => <option value={s.id}>{s.name}</option>}</For>
              </select>
            </div>
            <div class="field">
              <label for="revue-unitId">Unité (facultatif)</label>
              {fieldError('unitId')}
              <select {...field('unitId')} value={unitId()} onChange={(e) => setUnitId(e.currentTarget.value)}>
                <option value="">Toutes</option>
                <For each={establishment()?.units ?? []}>{(u) => <option value={u.id}>{u.name}</option>}</For>
              </select>
            </div>
            <div class="field">
              <label for="revue-profile">Profil (facultatif)</label>
              {fieldError('profile')}
              <select {...field('profile')} value={profile()} onChange={(e) => setProfile(e.currentTarget.value)}>
                <option value="">Tous</option>
                <For each={catalogue()?.profiles ?? []}>{(p) => <option value={p.code}>{p.label}</option>}</For>
              </select>
            </div>
            <div class="form-actions">
              <button type="submit" class="button button-primary">
                Rechercher
              </button>
            </div>
          </form>
        </section>

        <Show when={filters()}>
          <section class="card" aria-labelledby="revue-resultats-titre">
            <div class="page-heading">
              <h2 id="revue-resultats-titre">Habilitations</h2>
              <a href={exportHref()} download="" class="button button-secondary">
                Exporter
              </a>
            </div>
            <div role="alert" class="alert alert-error">
              {alert()}
            </div>
            <div role="status" class="alert alert-success">
              {status()}
            </div>
            <Show when={results()?.error}>
              {(failure) => (
                <p class="alert alert-error">{failure().message ?? Object.values(failure().fieldErrors)[0]}</p>
              )}
            </Show>
            <Show when={results()?.done}>
              {(found) => (
                <>
                  <p>{found().total > 1 ? `${found().total} habilitations` : `${found().total} habilitation`}</p>
                  <Show when={found().rows.length > 0}>
                    <section class="table-scroll" aria-label="Habilitations trouvées" tabindex="0">
                      <table>
                        <caption class="visually-hidden">Revue des habilitations</caption>
                        <thead>
                          <tr>
                            {sortHeader('NAME', 'Nom')}
                            <th scope="col">Prénom</th>
                            <th scope="col">Nom d'utilisateur</th>
                            {sortHeader('PROFILE', 'Profil')}
                            <th scope="col">Unité / Établissement</th>
                            <th scope="col">Début</th>
                            {sortHeader('END', 'Fin')}
                            <th scope="col">Réception des e-mails</th>
                            <th scope="col">Droits</th>
                            <th scope="col">
                              <span class="visually-hidden">Actions</span>
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          <For each={found().rows}>
                            {(row) => (
                              <ReviewLine
                                row={row}
                                onChange={(r) => actions.changeEnd(target(r))}
                                onDelete={(r) => actions.remove(target(r))}
                                onEmails={report}
                              />
                            )}
                          </For>
                        </tbody>
                      </table>
                    </section>
                  </Show>
                  <Show when={page() > 1 || page() * PAGE_SIZE < found().total}>
                    <nav class="pagination" aria-label="Pages de résultats">
                      <button
                        type="button"
                        class="button button-secondary"
                        disabled={page() <= 1}
                        onClick={() => setPage(page() - 1)}
                      >
                        Précédent
                      </button>
                      <button
                        type="button"
                        class="button button-secondary"
                        disabled={page() * PAGE_SIZE >= found().total}
                        onClick={() => setPage(page() + 1)}
                      >
                        Suivant
                      </button>
                    </nav>
                  </Show>
                </>
              )}
            </Show>
          </section>
        </Show>
      </div>

      <actions.Dialogs />
    </>
  );
}

function ReviewLine(props: {
  row: ReviewRow;
  onChange: (row: ReviewRow) => void;
  onDelete: (row: ReviewRow) => void;
  onEmails: (outcome: Outcome<unknown>, success: string) => void;
}) {
  const [open, setOpen] = createSignal(false);
  const panelId = `droits-${props.row.id}`;
  const place = () =>
    [props.row.admissionDeskName ?? props.row.unitName, props.row.establishmentName].filter(Boolean).join(' / ');
  return (
    <tr>
      <th scope="row">{props.row.lastName}</th>
      <td>{props.row.firstName}</td>
      <td class="cell-wrap">{props.row.username}</td>
      <td>{props.row.profileLabel}</td>
      <td>{place()}</td>
      <td>{formatDay(props.row.startsOn)}</td>
      <td classList={{ 'expiry-red': props.row.expiry === 'RED', 'expiry-orange': props.row.expiry === 'ORANGE' }}>
        {formatDay(props.row.endsOn)}
        <Show when={props.row.expiry}>
          <span class="expiry-note"> ({props.row.expiry === 'RED' ? 'fin très proche' : 'fin proche'})</span>
        </Show>
      </td>
      <td class="cell-center">
        <input
          type="checkbox"
          class="checkbox"
          checked={props.row.receiveEmails}
          aria-label={`Réception des e-mails pour ${who(props.row)}`}
          onChange={async (event) => {
            const box = event.currentTarget;
            const wanted = box.checked;
            const outcome = await attempt(() =>
              trpc.habilitations.setEmails.mutate({ id: props.row.id, receiveEmails: wanted }),
            );
            if (outcome.error) box.checked = !wanted;
            props.onEmails(
              outcome,
              wanted
                ? `${who(props.row)} recevra les e-mails de cette habilitation.`
                : `${who(props.row)} ne recevra plus les e-mails de cette habilitation.`,
            );
          }}
        />
      </td>
      <td>
        <button
          type="button"
          class="button-link"
          aria-expanded={open()}
          aria-controls={panelId}
          onClick={() => setOpen(!open())}
        >
          <span class="disclosure-sign" aria-hidden="true">
            {open() ? '−' : '+'}
          </span>
          Droits<span class="visually-hidden"> de {who(props.row)}</span>
        </button>
        <ul id={panelId} class="privileges" hidden={!open()}>
          <For each={props.row.privileges}>{(line) => <li>{line}</li>}</For>
        </ul>
      </td>
      <td class="cell-actions">
        <button type="button" class="icon-button" onClick={() => props.onChange(props.row)}>
          <span aria-hidden="true">📅</span>
          <span class="visually-hidden">Modifier la date de fin de {who(props.row)}</span>
        </button>
        <button type="button" class="icon-button icon-button-danger" onClick={() => props.onDelete(props.row)}>
          <span aria-hidden="true" class="cross" />
          <span class="visually-hidden">Supprimer l'habilitation de {who(props.row)}</span>
        </button>
      </td>
    </tr>
  );
}
