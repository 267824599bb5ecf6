import { For } from 'solid-js';

/** The rules a new password must follow, shown before the fields rather than discovered by failing. */
export function PasswordPolicy(props: { id: string; intro: string; rules: readonly string[] }) {
  return (
    <div id={props.id} class="policy">
      <p class="policy-intro">{props.intro}</p>
      <ul>
        <For each={props.rules}>{(rule) => <li>{rule}</li>}</For>
      </ul>
    </div>
  );
}
