/**
 * What can go wrong talking to the ROR. Messages are French: a failed sync run shows them to the
 * administrator as its reason.
 */
export class RorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RorError';
  }
}

/** The ROR answered with an error status (after the retries a 5xx or 429 gets). */
export class RorHttpError extends RorError {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly detail: string,
  ) {
    super(`Le ROR a répondu ${status} à ${describeUrl(url)}${detail ? ` : ${detail}` : ''}.`);
    this.name = 'RorHttpError';
  }
}

/** No answer (or no next chunk of a file) within the time allowed. */
export class RorTimeoutError extends RorError {
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`Le ROR n’a pas répondu à temps (${Math.round(timeoutMs / 1000)} s) à ${describeUrl(url)}.`);
    this.name = 'RorTimeoutError';
  }
}

/** The authorization server refused the client credentials (or answered without a token). */
export class RorTokenRefused extends RorError {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(
      `Le serveur d’autorisation du ROR a refusé les identifiants du client (${status}${detail ? ` : ${detail}` : ''}) : vérifiez ROR_CLIENT_ID et ROR_CLIENT_SECRET.`,
    );
    this.name = 'RorTokenRefused';
  }
}

/** An answer that is not what the FHIR API documents (not JSON, no manifest, no Content-Location…). */
export class RorMalformed extends RorError {
  constructor(
    readonly url: string,
    what: string,
  ) {
    super(`Réponse inattendue du ROR à ${describeUrl(url)} : ${what}.`);
    this.name = 'RorMalformed';
  }
}

/** The network failed (connection refused, reset) after the retries. */
export class RorUnreachable extends RorError {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(
      `Le ROR est injoignable (${describeUrl(url)}) : ${cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause)}.`,
    );
    this.name = 'RorUnreachable';
  }
}

/** The URL without its query string (a next link is long and opaque; the path says enough). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url.slice(0, 120);
  }
}
