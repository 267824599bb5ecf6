import { APP_ERROR_KINDS, AppError, type AppErrorCode } from '@trajectoire/core';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { ApiContext } from './context';

export interface ErrorData {
  /** Stable code a client can branch on, e.g. `ACCOUNT_BLOCKED`. */
  appCode: AppErrorCode | 'INVALID_INPUT' | 'INTERNAL';
  /** For invalid input: the French message of each field that failed. */
  fieldErrors?: Record<string, string>;
  details?: Record<string, unknown>;
}

const t = initTRPC.context<ApiContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    let data: ErrorData;
    if (cause instanceof AppError) {
      data = { appCode: cause.code, ...(cause.details ? { details: cause.details } : {}) };
    } else if (cause instanceof ZodError) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of cause.issues) {
        const key = issue.path.join('.') || '_';
        fieldErrors[key] ??= issue.message;
      }
      data = { appCode: 'INVALID_INPUT', fieldErrors };
      return {
        ...shape,
        message: cause.issues[0]?.message ?? 'Saisie invalide.',
        data: { ...shape.data, ...data, stack: undefined },
      };
    } else {
      data = { appCode: error.code === 'INTERNAL_SERVER_ERROR' ? 'INTERNAL' : mapTrpcCode(error.code) };
    }
    const message =
      error.code === 'INTERNAL_SERVER_ERROR' && !(cause instanceof AppError)
        ? 'Une erreur inattendue est survenue. Réessayez plus tard.'
        : shape.message;
    return { ...shape, message, data: { ...shape.data, ...data, stack: undefined } };
  },
});

function mapTrpcCode(code: TRPCError['code']): ErrorData['appCode'] {
  if (code === 'UNAUTHORIZED') return 'NOT_SIGNED_IN';
  if (code === 'FORBIDDEN') return 'FORBIDDEN';
  if (code === 'NOT_FOUND') return 'NOT_FOUND';
  if (code === 'TOO_MANY_REQUESTS') return 'RATE_LIMITED';
  // A malformed call (wrong method, media type, body) is the caller's error, never INTERNAL.
  if (
    code === 'BAD_REQUEST' ||
    code === 'PARSE_ERROR' ||
    code === 'PAYLOAD_TOO_LARGE' ||
    code === 'METHOD_NOT_SUPPORTED' ||
    code === 'UNSUPPORTED_MEDIA_TYPE' ||
    code === 'UNPROCESSABLE_CONTENT'
  )
    return 'INVALID_INPUT';
  return 'INTERNAL';
}

/** Domain failures become typed transport errors here, and only here. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: APP_ERROR_KINDS[cause.code], message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
const CROSS_SITE_MESSAGE = 'Requête refusée : elle ne provient pas du portail Trajectoire Pro.';

/** Refuses state-changing calls that a third-party site could have triggered with our cookies. */
const sameSiteMutations = t.middleware(({ ctx, type, next }) => {
  if (type === 'mutation' && ctx.crossSite) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: CROSS_SITE_MESSAGE,
      cause: new AppError('FORBIDDEN', CROSS_SITE_MESSAGE),
    });
  }
  return next();
});

export const publicProcedure = t.procedure.use(appErrors).use(sameSiteMutations);

/** Narrows `ctx.caller` to a signed-in account whose rights were read for this request. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.caller) {
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: 'Votre session a expiré ou vous n’êtes pas connecté. Reconnectez-vous.',
      cause: new AppError('NOT_SIGNED_IN', 'Votre session a expiré ou vous n’êtes pas connecté. Reconnectez-vous.'),
    });
  }
  return next({ ctx: { ...ctx, caller: ctx.caller } });
});

export function forbidden(message = "Vous n'avez pas les droits pour cette action."): never {
  throw new TRPCError({ code: 'FORBIDDEN', message, cause: new AppError('FORBIDDEN', message) });
}
