import { z } from 'zod';
import { normalizeFrenchPhone } from '../text';
import { safeString } from './text';

const name = (label: string) =>
  safeString({ error: `${label} est obligatoire.` })
    .trim()
    .min(1, `${label} est obligatoire.`)
    .max(100, `${label} est trop long (100 caractères au plus).`);

export const emailSchema = safeString({ error: "L'adresse e-mail est obligatoire." })
  .trim()
  .min(1, "L'adresse e-mail est obligatoire.")
  .max(254, "L'adresse e-mail est trop longue.")
  .pipe(z.email("L'adresse e-mail n'est pas valide."));

/** Optional phone: empty means none; anything else must be a French or international number, stored E.164. */
export const optionalPhoneSchema = safeString()
  .trim()
  .max(30, 'Numéro de téléphone invalide.')
  .transform((value, ctx) => {
    if (value === '') return null;
    const e164 = normalizeFrenchPhone(value);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'Numéro de téléphone invalide.' });
      return z.NEVER;
    }
    return e164;
  });

const profession = safeString().trim().max(100, 'La profession est trop longue (100 caractères au plus).');

export const passwordInputSchema = safeString({ error: 'Le mot de passe est obligatoire.' })
  .min(1, 'Le mot de passe est obligatoire.')
  .max(256, 'Le mot de passe est trop long.');

/** The personal details anyone may change on their own account, without re-authentication. */
export const updateMyDetailsInput = z.object({
  data: z.object({
    lastName: name('Le nom'),
    firstName: name('Le prénom'),
    phone: optionalPhoneSchema,
    profession,
  }),
});

/** E-mail, mobile and code channel: the password is asked again. */
export const changeMyContactInput = z.object({
  password: passwordInputSchema,
  email: emailSchema.optional(),
  mobile: optionalPhoneSchema.optional(),
  codeChannel: z.enum(['EMAIL', 'SMS'], { error: 'Choisissez « E-mail » ou « SMS ».' }).optional(),
});

export const newPasswordFields = z
  .object({ newPassword: passwordInputSchema, confirmation: safeString() })
  .refine((v) => v.newPassword === v.confirmation, {
    message: 'Les deux mots de passe ne sont pas identiques.',
    path: ['confirmation'],
  });

export const changeMyPasswordInput = z
  .object({ currentPassword: passwordInputSchema, newPassword: passwordInputSchema, confirmation: safeString() })
  .refine((v) => v.newPassword === v.confirmation, {
    message: 'Les deux mots de passe ne sont pas identiques.',
    path: ['confirmation'],
  });

export const tokenInput = z.object({
  token: safeString().regex(/^[A-Za-z0-9_-]{43}$/, 'Ce lien est invalide ou incomplet.'),
});

export const resetPasswordInput = z
  .object({
    token: tokenInput.shape.token,
    newPassword: passwordInputSchema,
    confirmation: safeString(),
  })
  .refine((v) => v.newPassword === v.confirmation, {
    message: 'Les deux mots de passe ne sont pas identiques.',
    path: ['confirmation'],
  });

export const forgotPasswordInput = z.object({
  username: safeString()
    .trim()
    .min(1, "Le nom d'utilisateur est obligatoire.")
    .max(100, "Le nom d'utilisateur est trop long."),
  captchaId: z.uuid('Le code de sécurité a expiré : régénérez-le.'),
  captchaAnswer: safeString().trim().min(1, 'Recopiez le code de sécurité.').max(20, 'Code de sécurité incorrect.'),
});

export const habilitationEmailsInput = z.object({
  habilitationId: z.uuid('Habilitation inconnue.'),
  receiveEmails: z.boolean(),
});
export const habilitationIdInput = z.object({ habilitationId: z.uuid('Habilitation inconnue.') });

/** A search reads at most this many rows, whoever asks: it finds a person, it does not list the country. */
export const MAX_SEARCH_ROWS = 1000;

export const accountSearchInput = z
  .object({
    query: safeString().trim().min(2, 'Saisissez au moins 2 caractères.').max(100, 'Recherche trop longue.'),
    page: z.number().int().min(1).max(1000).default(1),
    pageSize: z.number().int().min(1).max(100).default(20),
  })
  .refine((v) => v.page * v.pageSize <= MAX_SEARCH_ROWS, {
    message: 'Affinez votre recherche : seuls les 1 000 premiers résultats peuvent être consultés.',
    path: ['page'],
  });

export const accountIdInput = z.object({ id: z.uuid('Compte inconnu.') });

export const accountDataSchema = z.object({
  lastName: name('Le nom'),
  firstName: name('Le prénom'),
  email: emailSchema,
  phone: optionalPhoneSchema,
  mobile: optionalPhoneSchema,
  profession,
});

/**
 * Where a new account is created: one of the référent's establishments (Référent structure) or
 * units. It puts the account in that place's référents' scope until it holds habilitations.
 */
export const accountPlaceSchema = z.object({
  establishmentId: z.uuid('Choisissez la structure de rattachement.'),
  unitId: z.uuid('Unité inconnue.').optional(),
});

export const createAccountInput = z.object({ data: accountDataSchema, place: accountPlaceSchema.optional() });
export const updateAccountInput = z.object({ id: z.uuid('Compte inconnu.'), data: accountDataSchema });
export const emailInUseInput = z.object({ email: emailSchema, exceptAccountId: z.uuid().optional() });
