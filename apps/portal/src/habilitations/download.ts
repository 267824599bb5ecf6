/** How a download ended: started (the browser has the file), refused (the server said why), or the session had ended. */
export type DownloadOutcome = { kind: 'STARTED' } | { kind: 'REFUSED'; message: string } | { kind: 'SIGNED_OUT' };

/** The name the server gives the file, else `fallback`. */
function fileName(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallback;
}

/**
 * Fetches a file, then hands it to the browser as a download: until then the page can say it is
 * being prepared, and a refusal (an ended session, a structure out of scope) is told on the page
 * instead of ending as a broken file.
 */
export async function download(href: string, fallbackName: string): Promise<DownloadOutcome> {
  let response: Response;
  try {
    response = await fetch(href, { credentials: 'same-origin' });
  } catch {
    return { kind: 'REFUSED', message: '' };
  }
  if (response.status === 401) return { kind: 'SIGNED_OUT' };
  if (!response.ok) return { kind: 'REFUSED', message: (await response.text().catch(() => '')).slice(0, 500) };
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName(response, fallbackName);
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the file from its URL as the download starts: freed a while after.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { kind: 'STARTED' };
}
