import { A } from '@solidjs/router';
import { createSignal, Match, onCleanup, Show, Switch } from 'solid-js';
import { type FormError, toFormError } from '../lib/errors';
import { trpc } from '../lib/trpc';
import { ROR_SYNC_TEXTS } from './texts';
import type { RunSummary } from './types';

const T = ROR_SYNC_TEXTS.progress;
/** How often a running run is read again. */
const POLL_MS = 2_000;

export const isActive = (run: Pick<RunSummary, 'state'>) => run.state === 'QUEUED' || run.state === 'RUNNING';

/**
 * A full load counts the files of its export, then the batches of establishments it merges; the
 * others, the pages of their searches.
 */
const counted = (run: RunSummary) =>
  run.kind !== 'FULL' ? T.pages : run.phase === 'MERGE' || run.phase === 'CLOSING' ? T.batches : T.files;

/** What screen readers hear: the state, then every tenth of the way, not every poll. */
function spoken(run: RunSummary): string {
  if (run.state === 'QUEUED') return T.queued;
  if (run.state === 'SUCCEEDED') return T.finished;
  if (run.state === 'FAILED') return T.failed;
  if (!run.progressTotal) return T.counting;
  const tenth = Math.floor((10 * run.progressDone) / run.progressTotal) * 10;
  return `${T.label} : ${tenth} %`;
}

/**
 * A run as it goes: a bar of pages or files done out of the total, read again every two seconds
 * while the run is queued or running. `onFinished` hears its end once.
 */
export function RunProgress(props: {
  runId: string;
  initial?: RunSummary | undefined;
  onFinished?: (run: RunSummary) => void;
  /** Link to the run's report once it is over. */
  reportLink?: boolean;
}) {
  const [run, setRun] = createSignal<RunSummary | undefined>(props.initial);
  const [error, setError] = createSignal<FormError | undefined>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const poll = async () => {
    try {
      const answer = await trpc.rorSync.run.query({ id: props.runId });
      if (stopped) return;
      setRun(answer);
      setError(undefined);
      if (!isActive(answer)) {
        props.onFinished?.(answer);
        return;
      }
    } catch (failure) {
      if (stopped) return;
      setError(toFormError(failure));
    }
    timer = setTimeout(poll, POLL_MS);
  };
  void poll();
  onCleanup(() => {
    stopped = true;
    clearTimeout(timer);
  });

  return (
    <div class="run-progress">
      <Show when={run()}>
        {(r) => (
          <>
            <Switch>
              <Match when={r().progressTotal}>
                {(total) => (
                  <>
                    <progress
                      class="progress-bar"
                      max={total()}
                      value={Math.min(r().progressDone, total())}
                      aria-label={T.label}
                      aria-valuetext={T.done(r().progressDone, total(), counted(r()))}
                    />
                    <p class="run-progress-text">{T.done(r().progressDone, total(), counted(r()))}</p>
                  </>
                )}
              </Match>
              <Match when={isActive(r())}>
                {/* No total yet: an indeterminate bar. */}
                <progress class="progress-bar" aria-label={T.label} />
                <p class="run-progress-text">
                  {r().state === 'QUEUED'
                    ? T.queued
                    : r().progressDone > 0
                      ? T.doneNoTotal(r().progressDone, counted(r()))
                      : T.counting}
                </p>
              </Match>
            </Switch>
            <Show when={r().state === 'FAILED'}>
              <p class="alert alert-error">
                {T.failed}
                <Show when={r().failure}> {r().failure}</Show>
              </p>
            </Show>
            <Show when={props.reportLink && !isActive(r())}>
              <p>
                <A href={`/synchronisation-ror/${r().id}`}>{T.seeReport}</A>
              </p>
            </Show>
          </>
        )}
      </Show>
      <div class="visually-hidden" aria-live="polite">
        {run() ? spoken(run() as RunSummary) : ''}
      </div>
      <div role="alert" class="alert alert-error">
        {error()?.message}
      </div>
    </div>
  );
}
