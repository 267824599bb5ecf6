import { randomInt } from 'node:crypto';

/**
 * Everyday French nouns, none longer than 9 letters (two of them and a space fit the answer
 * field's 20 characters), no two alike once accents and case are set aside.
 */
export const CAPTCHA_WORDS: readonly string[] = [
  'abeille ananas arbre armoire balcon bateau biscuit bougie bouteille branche brebis bureau cactus',
  'cahier camion canard carotte carte cerise chaise chapeau château chemin cheval chèvre cigale',
  'citron colline coquille corbeau crayon cuisine dauphin dragon écharpe école éponge étoile',
  'falaise farine fenêtre feuille fleuve flûte forêt fourmi fraise fromage fusée galet gâteau',
  'girafe glace grenier grotte guitare hérisson hibou horloge igloo jardin jonquille journal koala',
  'lampe lapin lavande légume lettre lézard livre lune maison marché marteau miroir montagne moulin',
  'mouton musique navire nuage océan olive orange oreiller palmier panier papillon parapluie pêche',
  'pelouse phare pinceau pirate piscine plage plume poire pomme pont prairie prune radis raisin',
  'renard requin rivière robe rocher ruisseau sable salade sapin saumon savon sentier soleil souris',
  'stylo tableau tambour tapis tasse théière ticket tigre tomate tortue train trésor tulipe tunnel',
  'vache valise vélo verger village violon voiture wagon zèbre',
].flatMap((line) => line.split(' '));

const SEQUENCE_LENGTH = 6;
const ORDINALS = ['premier', 'deuxième', 'troisième', 'quatrième', 'cinquième', 'sixième'] as const;

/** Case, accents, spaces and punctuation do not matter in an answer. */
export function normalizeCaptchaAnswer(answer: string): string {
  return answer
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

/** French guillemets, with the non-breaking spaces that keep them on their word's line. */
const quoted = (text: string) => `«\u00a0${text}\u00a0»`;

/** The ways of pointing at the word at `index`: by rank, from the end, or by its neighbour. */
function designations(words: readonly string[], index: number): string[] {
  const forms = [`le ${ORDINALS[index]} mot`];
  if (index === words.length - 1) forms.push('le dernier mot');
  if (index === words.length - 2) forms.push('l’avant-dernier mot');
  if (index > 0) forms.push(`le mot qui suit ${quoted(words[index - 1] as string)}`);
  if (index < words.length - 1) forms.push(`le mot qui précède ${quoted(words[index + 1] as string)}`);
  return forms;
}

/**
 * The captcha's text alternative: a short sequence of words and two of them to copy, pointed at
 * in varied ways. It takes reading the sentence, not arithmetic a pattern can pick out, and a
 * guess among the sequence's words succeeds once in thirty.
 */
export function captchaQuestion(random: (max: number) => number = randomInt): { question: string; answer: string } {
  const pool: string[] = [...CAPTCHA_WORDS];
  const words: string[] = [];
  while (words.length < SEQUENCE_LENGTH) words.push(...pool.splice(random(pool.length), 1));
  const first = random(SEQUENCE_LENGTH);
  const second = (first + 1 + random(SEQUENCE_LENGTH - 1)) % SEQUENCE_LENGTH;
  const pick = (forms: string[]) => forms[random(forms.length)] as string;
  return {
    question: `Dans la suite ${quoted(words.join(' '))}, recopiez ${pick(designations(words, first))} puis ${pick(designations(words, second))}.`,
    answer: `${words[first]} ${words[second]}`,
  };
}
