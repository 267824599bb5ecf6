import { A } from '@solidjs/router';
import { setPageTitle } from '../lib/page-title';
import { LAYOUT_TEXTS } from './texts';

const T = LAYOUT_TEXTS.notFound;

export function NotFoundPage() {
  setPageTitle(T.title);
  return (
    <div class="card narrow">
      <h1>{T.heading}</h1>
      <p>{T.text}</p>
      <p class="back-link">
        <A href="/">{T.back}</A>
      </p>
    </div>
  );
}
