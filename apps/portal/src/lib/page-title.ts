const PRODUCT = 'Trajectoire Pro';

/** Each page names itself first, so tabs and screen readers tell pages apart. */
export function setPageTitle(title: string): void {
  document.title = `${title} — ${PRODUCT}`;
}
