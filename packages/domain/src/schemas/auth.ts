import { z } from 'zod';
import { safeString } from './text';

// Shared by the portal's forms and the tRPC procedures: one schema, one set of messages.
export const usernameSchema = safeString({ error: "Le nom d'utilisateur est obligatoire." })
  .trim()
  .min(1, "Le nom d'utilisateur est obligatoire.")
  .max(100, "Le nom d'utilisateur est trop long (100 caractères au plus).");

export const signInInput = z.object({
  username: usernameSchema,
  password: safeString({ error: 'Le mot de passe est obligatoire.' })
    .min(1, 'Le mot de passe est obligatoire.')
    .max(256, 'Le mot de passe est trop long (256 caractères au plus).'),
});
export type SignInInput = z.infer<typeof signInInput>;

export const verifyCodeInput = z.object({
  code: safeString({ error: 'Le code de sécurité est obligatoire.' })
    .trim()
    .regex(/^\d{6}$/, 'Le code de sécurité comporte 6 chiffres.'),
});
export type VerifyCodeInput = z.infer<typeof verifyCodeInput>;

export const createApiKeyInput = z.object({
  name: safeString().trim().min(1, 'Le nom de la clé est obligatoire.').max(80, 'Le nom de la clé est trop long.'),
  /** Asked again: a key outlives the session that creates it. */
  password: signInInput.shape.password,
});

export const revokeApiKeyInput = z.object({ id: z.uuid('Identifiant de clé invalide.') });
