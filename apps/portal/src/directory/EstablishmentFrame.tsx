import { A, createAsync, type RouteSectionProps, revalidate, useLocation, useParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, Match, on, Show, Switch } from 'solid-js';
import type { Outcome } from '../lib/errors';
import { attempt } from '../lib/errors';
import { setPageTitle } from '../lib/page-title';
import { trpc } from '../lib/trpc';
import { RunProgress } from '../ror-sync/RunProgress';
import { DirectoryAccess } from './DirectoryAccess';
import { getEstablishment, getUnit, getUnits } from './queries';
import { SyncStateLine } from './SyncState';
import { DIRECTORY_TEXTS } from './texts';
import type { EstablishmentDetail } from './types';
import './directory.css';

const T = DIRECTORY_TEXTS.establishment;

/** An establishment's page: its name and link with the ROR, then its tabs, the chosen one below. */
export function EstablishmentFrame(props: RouteSectionProps) {
  setPageTitle(T.loadingTitle);
  return <DirectoryAccess>{() => <Frame>{props.children}</Frame>}</DirectoryAccess>;
}

function Frame(props: { children?: RouteSectionProps['children'] }) {
  const params = useParams();
  const detail = createAsync(() => getEstablishment(params.id ?? ''));
  return (
    <>
      <p class="breadcrumb">
        <A href="/etablissements">{T.back}</A>
      </p>
      <Switch>
        <Match when={detail()?.error}>
          {(error) => (
            <div class="card narrow">
              <h1>{T.notFound}</h1>
              <div role="alert" class="alert alert-error">
                {error().message ?? Object.values(error().fieldErrors)[0]}
              </div>
            </div>
          )}
        </Match>
        <Match when={detail()?.done}>
          {(found) => (
            <>
              <EstablishmentHeading detail={found()} />
              <EstablishmentTabs id={found().establishment.id} desks={found().may.manageDesks} />
              <div class="tab-panel">{props.children}</div>
            </>
          )}
        </Match>
      </Switch>
    </>
  );
}

/**
 * The tabs are links: « page » marks the one shown, « true » the tab a unit's page belongs to
 * (the router's own links mark only an exact match).
 */
function EstablishmentTabs(props: { id: string; desks: boolean }) {
  const location = useLocation();
  const base = () => `/etablissements/${props.id}`;
  const current = (path: string, exact: boolean) => {
    const here = location.pathname.replace(/\/$/, '');
    if (here === path) return 'page';
    return !exact && here.startsWith(`${path}/`) ? 'true' : undefined;
  };
  const tab = (path: string, label: string, exact = false) => (
    <li>
      <a href={path} aria-current={current(path, exact)}>
        {label}
      </a>
    </li>
  );
  return (
    <nav class="tabs" aria-label={T.tabs}>
      <ul>
        {tab(base(), T.general, true)}
        {tab(`${base()}/unites`, T.units)}
        <Show when={props.desks}>{tab(`${base()}/guichets`, T.desks)}</Show>
      </ul>
    </nav>
  );
}

function EstablishmentHeading(props: { detail: EstablishmentDetail }) {
  const e = () => props.detail.establishment;
  const [runId, setRunId] = createSignal<string | undefined>();
  const [starting, setStarting] = createSignal(false);
  const [running, setRunning] = createSignal(false);
  const [outcome, setOutcome] = createSignal<Outcome<{ runId: string }> | undefined>();
  // Another establishment (not the same one read again): what ran for the previous one goes.
  const id = createMemo(() => e().id);
  createEffect(
    on(
      id,
      () => {
        setRunId(undefined);
        setRunning(false);
        setOutcome(undefined);
      },
      { defer: true },
    ),
  );
  const start = async () => {
    if (starting() || running()) return;
    setStarting(true);
    const answer = await attempt(() => trpc.rorSync.startEstablishment.mutate({ establishmentId: e().id }));
    setStarting(false);
    setOutcome(answer);
    if (answer.done) {
      setRunId(answer.done.runId);
      setRunning(true);
    }
  };
  return (
    <div class="establishment-heading">
      <div class="page-heading">
        <div>
          <h1>{e().name}</h1>
          <p class="establishment-meta">
            {T.finess(e().finess)}
            <Show when={e().city}>
              {(city) => (
                <>
                  {' · '}
                  {city()}
                </>
              )}
            </Show>
            <Show when={e().closedAt}>
              {' '}
              <span class="badge badge-inactive">{T.closed}</span>
            </Show>
          </p>
        </div>
        <Show when={props.detail.may.sync}>
          <button
            type="button"
            class="button button-secondary"
            aria-disabled={starting() || running() ? 'true' : undefined}
            onClick={() => void start()}
          >
            {starting() ? T.startingSync : T.startSync}
          </button>
        </Show>
      </div>
      <SyncStateLine state={e().syncState} error={e().syncError} syncedAt={e().syncedAt} />
      <div role="alert" class="alert alert-error">
        {outcome()?.error?.message}
      </div>
      <div role="status" class="alert alert-success">
        {outcome()?.done ? T.syncStarted : ''}
      </div>
      <Show when={runId()} keyed>
        {(id) => (
          <RunProgress
            runId={id}
            reportLink
            onFinished={() => {
              setRunning(false);
              void revalidate([getEstablishment.key, getUnits.key, getUnit.key]);
            }}
          />
        )}
      </Show>
    </div>
  );
}
