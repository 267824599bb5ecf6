import type { SyncState as State } from '@trajectoire/domain';
import { Match, Show, Switch } from 'solid-js';
import { formatDateTime } from '../lib/format';
import { NotSyncedIcon, SyncErrorIcon, SyncedIcon } from '../ui/icons';
import { DIRECTORY_TEXTS } from './texts';

const T = DIRECTORY_TEXTS.sync;

/** What the state says in words, with the reason of a failure. */
export function syncStateText(state: State, error: string | null): string {
  return state === 'ERROR' && error ? `${T.ERROR}${T.errorReason(error)}` : T[state];
}

function StateIcon(props: { state: State }) {
  return (
    <Switch>
      <Match when={props.state === 'SYNCHRONISED'}>
        <SyncedIcon />
      </Match>
      <Match when={props.state === 'ERROR'}>
        <SyncErrorIcon />
      </Match>
      <Match when={props.state === 'NOT_SYNCHRONISED'}>
        <NotSyncedIcon />
      </Match>
    </Switch>
  );
}

/**
 * The icon of an establishment's link with the ROR. Its meaning (and a failure's reason) shows on
 * hover and is read out by screen readers.
 */
export function SyncStateIcon(props: { state: State; error: string | null }) {
  return (
    <span
      class="sync-state"
      classList={{
        'sync-state-ok': props.state === 'SYNCHRONISED',
        'sync-state-off': props.state === 'NOT_SYNCHRONISED',
        'sync-state-error': props.state === 'ERROR',
      }}
      title={syncStateText(props.state, props.error)}
    >
      <StateIcon state={props.state} />
      <span class="visually-hidden">{syncStateText(props.state, props.error)}</span>
    </span>
  );
}

/** The same, written out: on the establishment's page. */
export function SyncStateLine(props: { state: State; error: string | null; syncedAt: string | null }) {
  return (
    <p
      class="sync-state sync-state-line"
      classList={{
        'sync-state-ok': props.state === 'SYNCHRONISED',
        'sync-state-off': props.state === 'NOT_SYNCHRONISED',
        'sync-state-error': props.state === 'ERROR',
      }}
    >
      <StateIcon state={props.state} />
      <span>
        {syncStateText(props.state, props.error)}
        <Show when={props.syncedAt} fallback={<span class="sync-state-when"> — {T.never}</span>}>
          {(at) => <span class="sync-state-when"> — {T.at(formatDateTime(at()))}</span>}
        </Show>
      </span>
    </p>
  );
}
