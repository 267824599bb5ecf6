import { PRIVILEGE_LABELS, SECTION_LABELS } from '@trajectoire/domain';
import { For, Match, Switch } from 'solid-js';
import { SECTIONS } from './actions';
import type { CatalogueProfile } from './queries';
import { HABILITATIONS_TEXTS } from './texts';

const T = HABILITATIONS_TEXTS.grant;

type Rule<V> =
  | { kind: 'FIXED'; value: V }
  | { kind: 'CHOICE'; default: V; allowed: V[] }
  | { kind: 'NOT_DEPLOYED'; value: V };
type Choice = Extract<Rule<unknown>, { kind: 'CHOICE' }>;
type Fixed = Extract<Rule<unknown>, { kind: 'FIXED' }>;

/** The privileges of a profile, in the order the platform lists them, each with its rule. */
function privilegeRows(p: CatalogueProfile) {
  return [
    { key: 'dashboard', label: PRIVILEGE_LABELS.dashboard, rule: p.rules.dashboard as Rule<unknown> },
    ...SECTIONS.map((s) => ({
      key: `sections.${s}`,
      label: SECTION_LABELS[s],
      rule: p.rules.sections[s] as Rule<unknown>,
    })),
    { key: 'sendRequests', label: PRIVILEGE_LABELS.sendRequests, rule: p.rules.sendRequests as Rule<unknown> },
    { key: 'teleExpertise', label: PRIVILEGE_LABELS.teleExpertise, rule: p.rules.teleExpertise as Rule<unknown> },
  ];
}

/** « Droits »: choices where the profile allows one, fixed ones locked, undeployed ones greyed. */
export function PrivilegesEditor(props: {
  profile: CatalogueProfile;
  modeLabels: Record<string, string>;
  choices: Record<string, string | boolean>;
  onChoose: (key: string, value: string | boolean) => void;
}) {
  const modeLabel = (v: unknown) =>
    typeof v === 'boolean' ? (v ? T.yes : T.no) : (props.modeLabels[String(v)] ?? String(v));
  return (
    <fieldset class="field">
      <legend>{T.privileges}</legend>
      <ul class="privilege-rules">
        <For each={privilegeRows(props.profile)}>
          {(row) => (
            <li>
              <Switch>
                <Match when={row.rule.kind === 'CHOICE' && (row.rule as Choice)}>
                  {(rule) =>
                    typeof rule().default === 'boolean' ? (
                      <span class="radio">
                        <input
                          type="checkbox"
                          class="checkbox"
                          id={`attribution-droit-${row.key}`}
                          checked={(props.choices[row.key] ?? rule().default) as boolean}
                          onChange={(e) => props.onChoose(row.key, e.currentTarget.checked)}
                        />
                        <label for={`attribution-droit-${row.key}`}>{row.label}</label>
                      </span>
                    ) : (
                      <span class="privilege-choice">
                        <label for={`attribution-droit-${row.key}`}>{row.label}</label>
                        <select
                          id={`attribution-droit-${row.key}`}
                          value={String(props.choices[row.key] ?? rule().default)}
                          onChange={(e) => props.onChoose(row.key, e.currentTarget.value)}
                        >
                          <For each={rule().allowed}>{(v) => <option value={String(v)}>{modeLabel(v)}</option>}</For>
                        </select>
                      </span>
                    )
                  }
                </Match>
                <Match when={row.rule.kind === 'NOT_DEPLOYED'}>
                  <span class="privilege-not-deployed">{T.notDeployed(row.label)}</span>
                </Match>
                <Match when={row.rule.kind === 'FIXED' && (row.rule as Fixed)}>
                  {(rule) => (
                    <span>
                      {T.fixed(row.label, modeLabel(rule().value))} <span class="muted">{T.locked}</span>
                    </span>
                  )}
                </Match>
              </Switch>
            </li>
          )}
        </For>
      </ul>
    </fieldset>
  );
}
