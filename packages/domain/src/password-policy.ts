import { normalizeForSearch } from './text';

// Password rules after the CNIL deliberation n° 2022-100 (recommendation on passwords).
// Checks that need stored hashes (the last passwords) live with the accounts, not here.

export const PASSWORD_MIN_LENGTH = 12;
/** From this length a passphrase needs no particular character classes. */
export const PASSPHRASE_MIN_LENGTH = 16;
/** Bounds the hashing cost; long enough for any passphrase. */
export const PASSWORD_MAX_LENGTH = 128;
/** The new password must differ from this many previous ones (checked against stored hashes). */
export const PASSWORD_HISTORY_DEPTH = 5;
export const PASSWORD_VALIDITY_MONTHS = 6;

/** Shown before the user types, so the rules are known up front rather than discovered by failing. */
export const PASSWORD_POLICY_TEXT: string[] = [
  "Au moins 12 caractères mêlant majuscules, minuscules, chiffres et caractères spéciaux, ou une phrase de passe d'au moins 16 caractères.",
  '128 caractères au plus.',
  'Ni votre identifiant, ni votre prénom, ni votre nom.',
  'Pas un mot de passe courant ou facile à deviner.',
  'Différent de vos 5 derniers mots de passe.',
  "Valable 6 mois : il vous sera ensuite demandé d'en choisir un nouveau.",
];

export type PasswordProblem = 'TOO_SHORT' | 'MISSING_CLASSES' | 'CONTAINS_PERSONAL_INFO' | 'COMMON' | 'TOO_LONG';

export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  TOO_SHORT: 'Le mot de passe est trop court : 12 caractères au moins (16 pour une phrase de passe).',
  MISSING_CLASSES:
    "Le mot de passe doit mêler majuscules, minuscules, chiffres et caractères spéciaux, sauf s'il compte 16 caractères ou plus.",
  CONTAINS_PERSONAL_INFO: 'Le mot de passe ne doit contenir ni votre identifiant, ni votre prénom, ni votre nom.',
  COMMON: 'Ce mot de passe est trop courant : choisissez-en un moins facile à deviner.',
  TOO_LONG: 'Le mot de passe est trop long : 128 caractères au plus.',
};

export interface PasswordContext {
  username: string;
  firstName?: string;
  lastName?: string;
  /** Defaults to the built-in list, so callers cannot forget the check. */
  isCommon?: (p: string) => boolean;
}

/** Personal words shorter than this would forbid too many innocent passwords ('Lé', 'Li'). */
const MIN_PERSONAL_WORD = 3;

function personalWords(context: PasswordContext): string[] {
  const words = [normalizeForSearch(context.username)];
  for (const name of [context.firstName, context.lastName]) {
    if (!name) continue;
    const normalized = normalizeForSearch(name);
    // 'Jean-Pierre' is refused whole and by its parts.
    words.push(normalized, ...normalized.split(/[^\p{L}\p{N}]+/u));
  }
  return words.filter((w) => [...w].length >= MIN_PERSONAL_WORD);
}

/** Every rule the password breaks, in a stable order; empty when it is acceptable. */
export function checkPassword(password: string, context: PasswordContext): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  // Count code points, not UTF-16 units, so 'é' or an emoji is one character as the user sees it.
  const length = [...password].length;
  const hasAllClasses =
    /\p{Lu}/u.test(password) && /\p{Ll}/u.test(password) && /\p{Nd}/u.test(password) && /[^\p{L}\p{N}]/u.test(password);

  if (length < PASSWORD_MIN_LENGTH) problems.push('TOO_SHORT');
  if (length < PASSPHRASE_MIN_LENGTH && !hasAllClasses) problems.push('MISSING_CLASSES');
  if (length > PASSWORD_MAX_LENGTH) problems.push('TOO_LONG');

  const normalized = normalizeForSearch(password);
  if (personalWords(context).some((w) => normalized.includes(w))) problems.push('CONTAINS_PERSONAL_INFO');

  if ((context.isCommon ?? isCommonPassword)(password)) problems.push('COMMON');
  return problems;
}

// biome-ignore format: one entry a line would make the list ten times longer for nothing
/** Well-known passwords from breach top lists, and French favourites; lower-case, compared after stripping. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  // International top lists
  '123456', '123456789', '12345678', '12345', '1234567', '1234567890', '123123', '111111', '000000', '654321',
  '666666', '121212', '112233', '123321', '159753', '147258369', '987654321', '7777777', '1q2w3e4r', '1q2w3e4r5t',
  'password', 'passw0rd', 'password1', 'password123', 'p@ssw0rd', 'qwerty', 'qwertyuiop', 'qwerty123', 'asdfgh',
  'asdfghjkl', 'zxcvbnm', 'abc123', 'abcdef', 'abcd1234', 'aaaaaa', 'azertyuiop', 'iloveyou', 'letmein', 'welcome',
  'welcome1', 'admin', 'administrator', 'root', 'login', 'guest', 'test', 'test123', 'changeme', 'secret', 'master',
  'monkey', 'dragon', 'football', 'baseball', 'soccer', 'hockey', 'superman', 'batman', 'pokemon', 'starwars',
  'trustno1', 'sunshine', 'princess', 'shadow', 'michael', 'jennifer', 'jordan', 'charlie', 'freedom', 'whatever',
  'computer', 'internet', 'hello', 'hello123', 'flower', 'summer', 'winter', 'spring', 'autumn', 'killer', 'lovely',
  'mustang', 'ferrari', 'harley', 'ranger', 'buster', 'tigger', 'ginger', 'pepper', 'cookie', 'chelsea', 'liverpool',
  'arsenal', 'qazwsx', 'zaq12wsx', 'ninja', 'matrix', 'google', 'samsung', 'apple', 'microsoft', 'facebook',
  // French favourites
  'azerty', 'azerty123', 'azerty1234', 'azertyui', 'azer', 'aqwzsx', 'motdepasse', 'mot de passe', 'mdp', 'mdp123',
  'bonjour', 'bonjour123', 'salut', 'coucou', 'soleil', 'soleil123', 'marseille', 'paris', 'lyon', 'toulouse',
  'bordeaux', 'nantes', 'lille', 'strasbourg', 'montpellier', 'nice', 'rennes', 'france', 'bretagne', 'corse',
  'jetaime', 'je t aime', 'amour', 'mon amour', 'doudou', 'loulou', 'chouchou', 'nounours', 'bisous', 'cherie',
  'chocolat', 'vacances', 'princesse', 'poupette', 'minou', 'chaton', 'titi', 'toto', 'tata', 'tutu', 'bibi',
  'nicolas', 'julien', 'thomas', 'camille', 'marie', 'sophie', 'julie', 'celine', 'isabelle', 'nathalie',
  'stephanie', 'sandrine', 'laurent', 'olivier', 'sebastien', 'alexandre', 'antoine', 'maxime', 'pierre', 'louis',
  'manon', 'lea', 'emma', 'chloe', 'lucas', 'hugo', 'enzo', 'kevin', 'anthony', 'jeremy', 'om', 'psg', 'allezlom',
  'olympique', 'pastis', 'fromage', 'baguette', 'liberte', 'bienvenue', 'bienvenue1', 'nouveau',
  'nouveau1', 'utilisateur', 'administrateur', 'secret123', 'motdepasse1', 'changemoi', 'temporaire', 'provisoire',
  // Health settings, where a shared ward password is a known habit
  'hopital', 'clinique', 'infirmiere', 'infirmier', 'medecin', 'docteur', 'sante', 'pharmacie', 'urgences', 'chu',
  'patient', 'soignant', 'ehpad', 'samu', 'cps', 'ameli', 'vitale', 'carte vitale',
]);

/** 'Azerty123!' and 'Soleil2024' are the same guess as 'azerty' and 'soleil': trailing digits and signs are stripped. */
export function isCommonPassword(p: string): boolean {
  // Accents are dropped too: 'Hôpital' is the same guess as 'hopital'.
  const lower = normalizeForSearch(p);
  const stem = lower.replace(/[^\p{L}]+$/u, '');
  return COMMON_PASSWORDS.has(lower) || (stem.length > 0 && COMMON_PASSWORDS.has(stem));
}

/** Same time of day, `months` later; a day missing from the target month falls on its last day (31 Aug → 28/29 Feb). */
export function passwordExpiresAt(changedAt: Date, months: number = PASSWORD_VALIDITY_MONTHS): Date {
  // UTC arithmetic: the result must not depend on the server's time zone.
  const year = changedAt.getUTCFullYear();
  const month = changedAt.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(changedAt.getTime());
  result.setUTCFullYear(year, month, Math.min(changedAt.getUTCDate(), lastDay));
  return result;
}

/** A password never set (null) must be changed before use. */
export function isPasswordExpired(changedAt: Date | null, now: Date): boolean {
  if (changedAt === null) return true;
  return now.getTime() >= passwordExpiresAt(changedAt).getTime();
}
