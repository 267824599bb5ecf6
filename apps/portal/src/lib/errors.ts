import type { AppRouter, ErrorData } from '@trajectoire/api';
import { TRPCClientError } from '@trpc/client';

export type AppCode = ErrorData['appCode'];

/** What a form shows after a failed submission: one message, and the fields it concerns. */
export interface FormError {
  message?: string;
  appCode?: AppCode;
  fieldErrors: Record<string, string>;
}

const UNREACHABLE = 'Le service est momentanément indisponible. Vérifiez votre connexion et réessayez.';

/** The French message and code of a failed call; the server already words its messages. */
export function toFormError(error: unknown): FormError {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data as Partial<ErrorData> | undefined;
    if (!data) return { message: UNREACHABLE, fieldErrors: {} };
    if (data.appCode === 'INVALID_INPUT' && data.fieldErrors && Object.keys(data.fieldErrors).length > 0) {
      return { appCode: data.appCode, fieldErrors: data.fieldErrors };
    }
    return { message: error.message, ...(data.appCode ? { appCode: data.appCode } : {}), fieldErrors: {} };
  }
  return { message: UNREACHABLE, fieldErrors: {} };
}

/** Field errors from a failed zod parse, the first message of each field. */
export function fieldErrorsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FormError {
  const fieldErrors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    fieldErrors[key] ??= issue.message;
  }
  return { fieldErrors };
}
