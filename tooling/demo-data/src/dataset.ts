import {
  type CapacityUnit,
  capacityUnitOf,
  DEPARTEMENTS,
  departementName,
  finessWithKey,
  type UnitKind,
} from '@trajectoire/domain';

/**
 * The one demo directory: establishments, their units and admission desks. The seed writes it
 * into the application's tables and the local ROR serves it, so both show the same places.
 *
 * Pure and deterministic: one seeded generator, no clock, no Math.random. Establishment i depends
 * only on the ones before it, never on how many are asked for, so a larger directory extends a
 * smaller one and filling a database up to a bigger size only adds.
 */

export { type CapacityUnit, capacityUnitOf, UNIT_KINDS, type UnitKind } from '@trajectoire/domain';

export interface DirectoryUnit {
  /** Stable across runs and sizes: the seed and the ROR name the same unit by it. */
  key: string;
  name: string;
  kind: UnitKind;
  capacity: number;
  capacityUnit: CapacityUnit;
}

export interface DirectoryDesk {
  key: string;
  name: string;
}

export interface DirectoryEstablishment {
  key: string;
  /** FINESS ET (géographique), 9 characters, key included. */
  finess: string;
  /** The legal entity (FINESS EJ, juridique) running it; several establishments may share one. */
  legalEntity: { finess: string; name: string };
  name: string;
  category: string;
  address: string;
  postalCode: string;
  city: string;
  departement: string;
  /** E.164. */
  phone: string;
  email: string;
  units: DirectoryUnit[];
  desks: DirectoryDesk[];
}

export interface Directory {
  establishments: DirectoryEstablishment[];
}

/** The seed of the default dataset: changing it changes every generated establishment. */
export const DATASET_SEED = 20_260_105;

function unit(key: string, name: string, kind: UnitKind, capacity: number): DirectoryUnit {
  return { key, name, kind, capacity, capacityUnit: capacityUnitOf(kind) };
}

/**
 * The establishments of the README, the e2e tests and the demo accounts' habilitations: always
 * the first four, whatever the size asked for.
 */
export const DEMO_ESTABLISHMENTS: readonly DirectoryEstablishment[] = [
  {
    key: 'chu-lyon',
    finess: finessWithKey('69078181'),
    legalEntity: { finess: finessWithKey('69000025'), name: 'Hospices civils de Lyon' },
    name: 'Centre hospitalier universitaire de Lyon',
    category: 'Centre hospitalier régional',
    address: "5 place d'Arsonval",
    postalCode: '69003',
    city: 'Lyon',
    departement: '69',
    phone: '+33472116000',
    email: 'contact@chu-lyon.demo',
    units: [
      unit('chu-lyon-cardio', 'Cardiologie', 'MCO', 42),
      unit('chu-lyon-neuro', 'Neurologie', 'MCO', 36),
      unit('chu-lyon-geriatrie', 'Gériatrie aiguë', 'MCO', 30),
      unit('chu-lyon-smr', 'SMR polyvalent', 'SMR', 48),
      unit('chu-lyon-palliatif', 'Unité de soins palliatifs', 'SOINS_PALLIATIFS', 12),
    ],
    desks: [{ key: 'chu-lyon-guichet', name: 'Guichet unique SMR/HAD' }],
  },
  {
    key: 'clinique-grenoble',
    finess: finessWithKey('38078001'),
    legalEntity: { finess: finessWithKey('38000126'), name: 'SAS Clinique des Alpes' },
    name: 'Clinique des Alpes — Soins médicaux et de réadaptation',
    category: 'Établissement de SMR',
    address: '12 avenue Alsace-Lorraine',
    postalCode: '38000',
    city: 'Grenoble',
    departement: '38',
    phone: '+33476842100',
    email: 'contact@clinique-alpes.demo',
    units: [
      unit('grenoble-smr-neuro', 'SMR neurologique', 'SMR', 40),
      unit('grenoble-smr-loco', 'SMR locomoteur', 'SMR', 35),
    ],
    desks: [{ key: 'grenoble-guichet', name: "Guichet d'admission SMR" }],
  },
  {
    key: 'had-isere',
    finess: finessWithKey('38001234'),
    legalEntity: { finess: finessWithKey('38000258'), name: 'Association HAD Isère Santé' },
    name: 'HAD Isère Santé',
    category: 'Hospitalisation à domicile',
    address: '4 rue Mainssieux',
    postalCode: '38500',
    city: 'Voiron',
    departement: '38',
    phone: '+33476050050',
    email: 'contact@had-isere.demo',
    units: [unit('had-isere-adultes', 'HAD adultes', 'HAD', 60)],
    desks: [],
  },
  {
    key: 'ehpad-annecy',
    finess: finessWithKey('74001111'),
    legalEntity: { finess: finessWithKey('74000371'), name: "Centre communal d'action sociale d'Annecy" },
    name: 'EHPAD Les Tilleuls',
    category: 'EHPAD',
    address: '18 avenue de Genève',
    postalCode: '74000',
    city: 'Annecy',
    departement: '74',
    phone: '+33450451200',
    email: 'accueil@ehpad-les-tilleuls.demo',
    units: [
      unit('annecy-ehpad', 'Hébergement permanent', 'EHPAD', 84),
      unit('annecy-usld', 'Unité de soins de longue durée', 'USLD', 30),
    ],
    desks: [],
  },
];

// ─── Randomness ──────────────────────────────────────────────────────────────

type Random = () => number;

/** mulberry32: small, fast, and the same numbers on every machine (32-bit integer arithmetic). */
function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a, to give each département its own stream whatever order they are met in. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** `count` distinct items, in the list's order. */
function pickSome<T>(random: Random, items: readonly T[], count: number): T[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, items.length)) chosen.add(Math.floor(random() * items.length));
  return [...chosen].sort((a, b) => a - b).map((i) => items[i] as T);
}

// ─── Places ──────────────────────────────────────────────────────────────────

interface Town {
  name: string;
  postalCode: string;
}

/** Each département's prefecture (or main town) and a postal code of it. */
const PREFECTURES: Readonly<Record<string, Town>> = Object.fromEntries(
  (
    [
      ['01', 'Bourg-en-Bresse', '01000'],
      ['02', 'Laon', '02000'],
      ['03', 'Moulins', '03000'],
      ['04', 'Digne-les-Bains', '04000'],
      ['05', 'Gap', '05000'],
      ['06', 'Nice', '06000'],
      ['07', 'Privas', '07000'],
      ['08', 'Charleville-Mézières', '08000'],
      ['09', 'Foix', '09000'],
      ['10', 'Troyes', '10000'],
      ['11', 'Carcassonne', '11000'],
      ['12', 'Rodez', '12000'],
      ['13', 'Marseille', '13005'],
      ['14', 'Caen', '14000'],
      ['15', 'Aurillac', '15000'],
      ['16', 'Angoulême', '16000'],
      ['17', 'La Rochelle', '17000'],
      ['18', 'Bourges', '18000'],
      ['19', 'Tulle', '19000'],
      ['2A', 'Ajaccio', '20000'],
      ['2B', 'Bastia', '20200'],
      ['21', 'Dijon', '21000'],
      ['22', 'Saint-Brieuc', '22000'],
      ['23', 'Guéret', '23000'],
      ['24', 'Périgueux', '24000'],
      ['25', 'Besançon', '25000'],
      ['26', 'Valence', '26000'],
      ['27', 'Évreux', '27000'],
      ['28', 'Chartres', '28000'],
      ['29', 'Quimper', '29000'],
      ['30', 'Nîmes', '30000'],
      ['31', 'Toulouse', '31000'],
      ['32', 'Auch', '32000'],
      ['33', 'Bordeaux', '33000'],
      ['34', 'Montpellier', '34000'],
      ['35', 'Rennes', '35000'],
      ['36', 'Châteauroux', '36000'],
      ['37', 'Tours', '37000'],
      ['38', 'Grenoble', '38000'],
      ['39', 'Lons-le-Saunier', '39000'],
      ['40', 'Mont-de-Marsan', '40000'],
      ['41', 'Blois', '41000'],
      ['42', 'Saint-Étienne', '42000'],
      ['43', 'Le Puy-en-Velay', '43000'],
      ['44', 'Nantes', '44000'],
      ['45', 'Orléans', '45000'],
      ['46', 'Cahors', '46000'],
      ['47', 'Agen', '47000'],
      ['48', 'Mende', '48000'],
      ['49', 'Angers', '49000'],
      ['50', 'Saint-Lô', '50000'],
      ['51', 'Châlons-en-Champagne', '51000'],
      ['52', 'Chaumont', '52000'],
      ['53', 'Laval', '53000'],
      ['54', 'Nancy', '54000'],
      ['55', 'Bar-le-Duc', '55000'],
      ['56', 'Vannes', '56000'],
      ['57', 'Metz', '57000'],
      ['58', 'Nevers', '58000'],
      ['59', 'Lille', '59000'],
      ['60', 'Beauvais', '60000'],
      ['61', 'Alençon', '61000'],
      ['62', 'Arras', '62000'],
      ['63', 'Clermont-Ferrand', '63000'],
      ['64', 'Pau', '64000'],
      ['65', 'Tarbes', '65000'],
      ['66', 'Perpignan', '66000'],
      ['67', 'Strasbourg', '67000'],
      ['68', 'Colmar', '68000'],
      ['69', 'Lyon', '69003'],
      ['70', 'Vesoul', '70000'],
      ['71', 'Mâcon', '71000'],
      ['72', 'Le Mans', '72000'],
      ['73', 'Chambéry', '73000'],
      ['74', 'Annecy', '74000'],
      ['75', 'Paris', '75012'],
      ['76', 'Rouen', '76000'],
      ['77', 'Melun', '77000'],
      ['78', 'Versailles', '78000'],
      ['79', 'Niort', '79000'],
      ['80', 'Amiens', '80000'],
      ['81', 'Albi', '81000'],
      ['82', 'Montauban', '82000'],
      ['83', 'Toulon', '83000'],
      ['84', 'Avignon', '84000'],
      ['85', 'La Roche-sur-Yon', '85000'],
      ['86', 'Poitiers', '86000'],
      ['87', 'Limoges', '87000'],
      ['88', 'Épinal', '88000'],
      ['89', 'Auxerre', '89000'],
      ['90', 'Belfort', '90000'],
      ['91', 'Évry-Courcouronnes', '91000'],
      ['92', 'Nanterre', '92000'],
      ['93', 'Bobigny', '93000'],
      ['94', 'Créteil', '94000'],
      ['95', 'Cergy', '95000'],
      ['971', 'Basse-Terre', '97100'],
      ['972', 'Fort-de-France', '97200'],
      ['973', 'Cayenne', '97300'],
      ['974', 'Saint-Denis', '97400'],
      ['975', 'Saint-Pierre', '97500'],
      ['976', 'Mamoudzou', '97600'],
    ] as const
  ).map(([code, name, postalCode]) => [code, { name, postalCode }]),
);

/** Where made-up town names would not ring true (Paris, Corsica, overseas): real ones. */
const REAL_TOWNS: Readonly<Record<string, readonly Town[]>> = {
  '75': ['75004', '75010', '75013', '75014', '75015', '75018', '75020'].map((postalCode) => ({
    name: 'Paris',
    postalCode,
  })),
  '2A': [
    { name: 'Porto-Vecchio', postalCode: '20137' },
    { name: 'Propriano', postalCode: '20110' },
    { name: 'Sartène', postalCode: '20100' },
  ],
  '2B': [
    { name: 'Corte', postalCode: '20250' },
    { name: 'Calvi', postalCode: '20260' },
    { name: 'Ghisonaccia', postalCode: '20240' },
  ],
  '971': [
    { name: 'Pointe-à-Pitre', postalCode: '97110' },
    { name: 'Les Abymes', postalCode: '97139' },
    { name: 'Le Gosier', postalCode: '97190' },
  ],
  '972': [
    { name: 'Le Lamentin', postalCode: '97232' },
    { name: 'Schœlcher', postalCode: '97233' },
    { name: 'Le François', postalCode: '97240' },
  ],
  '973': [
    { name: 'Kourou', postalCode: '97310' },
    { name: 'Saint-Laurent-du-Maroni', postalCode: '97320' },
    { name: 'Matoury', postalCode: '97351' },
  ],
  '974': [
    { name: 'Saint-Pierre', postalCode: '97410' },
    { name: 'Saint-Paul', postalCode: '97460' },
    { name: 'Le Tampon', postalCode: '97430' },
  ],
  '975': [{ name: 'Miquelon-Langlade', postalCode: '97500' }],
  '976': [
    { name: 'Dzaoudzi', postalCode: '97615' },
    { name: 'Koungou', postalCode: '97690' },
  ],
};

const TOWN_STEMS = [
  'Saint-Martin',
  'Saint-Germain',
  'Saint-Jean',
  'Saint-Laurent',
  'Sainte-Marie',
  'Saint-Julien',
  'Villeneuve',
  'Montigny',
  'Beaumont',
  'Châteauneuf',
  'Neuville',
  'Fontaine',
  'Belleville',
  'Montreuil',
  'La Chapelle',
  'Le Bourg',
  'Champagnac',
  'Rochefort',
  'Villefranche',
  'Bellegarde',
];
const TOWN_QUALIFIERS = ['', '', '', '-le-Château', '-les-Bains', '-la-Forêt', '-les-Vignes', '-du-Lac', '-des-Prés'];

const townCache = new Map<string, readonly Town[]>();

/**
 * A département's towns: its prefecture first, then a few others, each always with the same
 * postal code. Drawn from the département's own stream, so they do not depend on the order
 * establishments are generated in.
 */
function townsOf(departement: string, seed: number): readonly Town[] {
  const cacheKey = `${seed}:${departement}`;
  const cached = townCache.get(cacheKey);
  if (cached) return cached;
  const prefecture = PREFECTURES[departement] as Town;
  const towns: Town[] = [prefecture, ...(REAL_TOWNS[departement] ?? [])];
  if (!REAL_TOWNS[departement]) {
    const random = mulberry32(seed ^ hashString(departement));
    const names = new Set<string>([prefecture.name]);
    const codes = new Set<string>([prefecture.postalCode]);
    while (towns.length < 9) {
      const name = pick(random, TOWN_STEMS) + pick(random, TOWN_QUALIFIERS);
      const postalCode = `${departement}${String(int(random, 1, 99) * 10).padStart(3, '0')}`;
      if (names.has(name) || codes.has(postalCode)) continue;
      names.add(name);
      codes.add(postalCode);
      towns.push({ name, postalCode });
    }
  }
  townCache.set(cacheKey, towns);
  return towns;
}

/** « de Lyon », « du Mans », « des Abymes », « d'Agen »: French contracts the article. */
function ofTown(town: string): string {
  if (town.startsWith('Le ')) return `du ${town.slice(3)}`;
  if (town.startsWith('Les ')) return `des ${town.slice(4)}`;
  if (/^[AEIOUYÂÉÈÊÎÔŒ]/.test(town)) return `d'${town}`;
  return `de ${town}`;
}

const STREET_TYPES = ['rue', 'rue', 'rue', 'avenue', 'avenue', 'boulevard', 'place', 'chemin', 'allée', 'route'];
const STREET_NAMES = [
  'Pasteur',
  'Victor-Hugo',
  'Jean-Jaurès',
  'de la République',
  'du Général-de-Gaulle',
  'Gambetta',
  'des Écoles',
  'de la Gare',
  'Jean-Moulin',
  'Foch',
  'Carnot',
  "de l'Hôpital",
  'des Lilas',
  'du Moulin',
  'Émile-Zola',
  'Anatole-France',
  'des Acacias',
  'de Verdun',
  'du 8-Mai-1945',
  'Georges-Clemenceau',
  'Marie-Curie',
  'Saint-Jacques',
  'des Tilleuls',
  'Ambroise-Paré',
];

function streetAddress(random: Random): string {
  const number = int(random, 1, 180);
  return `${number}${random() < 0.05 ? ' bis' : ''} ${pick(random, STREET_TYPES)} ${pick(random, STREET_NAMES)}`;
}

/** The first digit of metropolitan numbers by region (01 Île-de-France … 05 south-west); 04 elsewhere. */
const PHONE_AREA: ReadonlyMap<string, string> = new Map(
  (
    [
      ['1', '75 77 78 91 92 93 94 95'],
      ['2', '14 18 22 27 28 29 35 36 37 41 44 45 49 50 53 56 61 72 76 85'],
      ['3', '02 08 10 21 25 39 51 52 54 55 57 58 59 60 62 67 68 70 71 80 88 89 90'],
      ['5', '09 12 16 17 19 23 24 31 32 33 40 46 47 64 65 79 81 82 86 87'],
    ] as const
  ).flatMap(([area, codes]) => codes.split(' ').map((code) => [code, area] as const)),
);

/** Overseas: country code, then the first digits of the local number. */
const OVERSEAS_PHONE: Readonly<Record<string, [string, number]>> = {
  '971': ['+590590', 6],
  '972': ['+596596', 6],
  '973': ['+594594', 6],
  '974': ['+262262', 6],
  '975': ['+50841', 4],
  '976': ['+262269', 6],
};

function phoneNumber(random: Random, departement: string): string {
  const digits = (n: number) => String(int(random, 0, 10 ** n - 1)).padStart(n, '0');
  const overseas = OVERSEAS_PHONE[departement];
  if (overseas) return overseas[0] + digits(overseas[1]);
  return `+33${PHONE_AREA.get(departement) ?? '4'}${digits(8)}`;
}

// ─── FINESS numbers ──────────────────────────────────────────────────────────

/**
 * Hands out FINESS numbers per département, never twice: the n-th number of a département is an
 * affine permutation of n (a multiplier prime to 10 is a bijection modulo a power of 10), so
 * numbers look scattered yet cannot collide; the demo establishments' numbers are skipped.
 */
class FinessNumbers {
  private readonly next = new Map<string, number>();
  constructor(private readonly taken: ReadonlySet<string>) {}

  take(departement: string): string {
    // Overseas bodies are the three-digit code and five digits; elsewhere two characters and six.
    const width = departement.length === 3 ? 5 : 6;
    const modulus = 10 ** width;
    for (;;) {
      const n = this.next.get(departement) ?? 0;
      if (n >= modulus) throw new RangeError(`No FINESS number left in département ${departement}`);
      this.next.set(departement, n + 1);
      const body = departement + String((n * 7919 + hashString(departement)) % modulus).padStart(width, '0');
      const finess = finessWithKey(body);
      if (!this.taken.has(finess)) return finess;
    }
  }
}

// ─── Kinds of establishments ─────────────────────────────────────────────────

type UnitChoice = readonly [name: string, kind: UnitKind];

interface Template {
  category: string;
  weight: number;
  name(random: Random, town: Town, departement: string): string;
  legalEntityName(name: string, town: Town): string;
  units(random: Random): UnitChoice[];
  desks(random: Random): string[];
}

const PATRONS = [
  'Saint-Joseph',
  'Sainte-Anne',
  'Saint-Vincent',
  'Saint-Luc',
  'Sainte-Marthe',
  'Saint-Roch',
  'Notre-Dame',
  'Sainte-Thérèse',
  'Bon-Secours',
  "Jeanne-d'Arc",
  'Ambroise-Paré',
  'Louis-Pasteur',
];
const PLACE_NAMES = [
  'du Parc',
  'des Cèdres',
  'du Val',
  'des Lilas',
  'de la Source',
  'du Château',
  'Beau-Site',
  'La Pinède',
  'Les Sorbiers',
  'Le Méridien',
  'des Pins',
  'Belvédère',
];
const RESIDENCES = [
  'Les Tilleuls',
  'Les Glycines',
  'Les Mimosas',
  'Le Clos Fleuri',
  'La Roseraie',
  'Les Lilas',
  'Le Bois Joli',
  'Les Charmilles',
  'Les Magnolias',
  'La Source',
  'Le Grand Chêne',
  'Les Érables',
  'Bel Air',
  'Les Hortensias',
  'Les Cèdres',
  'Le Jardin des Sens',
];

const MEDICINE: readonly UnitChoice[] = [
  ['Médecine polyvalente', 'MCO'],
  ['Cardiologie', 'MCO'],
  ['Pneumologie', 'MCO'],
  ['Gériatrie aiguë', 'MCO'],
  ['Neurologie', 'MCO'],
  ['Gastro-entérologie', 'MCO'],
  ['Médecine interne', 'MCO'],
  ['Néphrologie', 'MCO'],
  ['Oncologie médicale', 'MCO'],
  ['Maladies infectieuses', 'MCO'],
  ['Endocrinologie', 'MCO'],
  ['Chirurgie orthopédique', 'MCO'],
  ['Chirurgie viscérale', 'MCO'],
];
const SURGERY: readonly UnitChoice[] = [
  ['Chirurgie orthopédique', 'MCO'],
  ['Chirurgie viscérale', 'MCO'],
  ['Chirurgie ambulatoire', 'MCO'],
  ['Urologie', 'MCO'],
  ['Médecine polyvalente', 'MCO'],
  ['Cardiologie interventionnelle', 'MCO'],
  ['Ophtalmologie', 'MCO'],
];
const REHABILITATION: readonly UnitChoice[] = [
  ['SMR polyvalent', 'SMR'],
  ['SMR locomoteur', 'SMR'],
  ['SMR neurologique', 'SMR'],
  ['SMR cardio-vasculaire', 'SMR'],
  ['SMR gériatrique', 'SMR'],
  ['SMR respiratoire', 'SMR'],
  ['SMR digestif et nutrition', 'SMR'],
  ['SMR addictologie', 'SMR'],
  ['SMR pédiatrique', 'SMR'],
];
const PSYCHIATRY: readonly UnitChoice[] = [
  ['Psychiatrie générale adultes', 'PSYCHIATRIE'],
  ['Pédopsychiatrie', 'PSYCHIATRIE'],
  ['Addictologie', 'PSYCHIATRIE'],
  ['Gérontopsychiatrie', 'PSYCHIATRIE'],
  ['Réhabilitation psychosociale', 'PSYCHIATRIE'],
  ['Unité de soins intensifs psychiatriques', 'PSYCHIATRIE'],
];
const PALLIATIVE: UnitChoice = ['Unité de soins palliatifs', 'SOINS_PALLIATIFS'];
const LONG_STAY: UnitChoice = ['Unité de soins de longue durée', 'USLD'];

/** Adds each optional unit with its probability, in order. */
function some(random: Random, options: readonly (readonly [UnitChoice, number])[]): UnitChoice[] {
  return options.filter(([, p]) => random() < p).map(([choice]) => choice);
}

const TEMPLATES: readonly Template[] = [
  {
    category: 'Centre hospitalier régional',
    weight: 2,
    name: (_random, town) => `Centre hospitalier universitaire ${ofTown(town.name)}`,
    legalEntityName: (name) => name,
    units: (random) => [
      ...pickSome(random, MEDICINE, int(random, 6, 10)),
      ...pickSome(random, REHABILITATION, int(random, 1, 2)),
      PALLIATIVE,
      ...some(random, [
        [LONG_STAY, 0.6],
        [['Psychiatrie générale adultes', 'PSYCHIATRIE'], 0.5],
      ]),
    ],
    desks: () => ['Guichet unique SMR/HAD'],
  },
  {
    category: 'Centre hospitalier',
    weight: 18,
    name: (random, town) => {
      const r = random();
      if (r < 0.7) return `Centre hospitalier ${ofTown(town.name)}`;
      if (r < 0.85) return `Centre hospitalier intercommunal ${ofTown(town.name)}`;
      return `Hôpital ${pick(random, PATRONS)}`;
    },
    legalEntityName: (name) => name,
    units: (random) => [
      ...pickSome(random, MEDICINE, int(random, 2, 6)),
      ...some(random, [
        [['SMR polyvalent', 'SMR'], 0.6],
        [PALLIATIVE, 0.3],
        [LONG_STAY, 0.35],
        [['Hébergement permanent', 'EHPAD'], 0.3],
        [['Psychiatrie générale adultes', 'PSYCHIATRIE'], 0.2],
      ]),
    ],
    desks: (random) => [
      ...(random() < 0.6 ? ['Guichet unique SMR/HAD'] : []),
      ...(random() < 0.2 ? ['Bureau des admissions'] : []),
    ],
  },
  {
    category: 'Clinique',
    weight: 18,
    name: (random, town) => {
      const r = random();
      if (r < 0.4) return `Clinique ${pick(random, PATRONS)}`;
      if (r < 0.7) return `Clinique ${pick(random, PLACE_NAMES)}`;
      if (r < 0.85) return `Polyclinique ${ofTown(town.name)}`;
      return `Hôpital privé ${ofTown(town.name)}`;
    },
    legalEntityName: (name) => `SAS ${name}`,
    units: (random) => [
      ...pickSome(random, SURGERY, int(random, 2, 5)),
      ...some(random, [
        [['SMR polyvalent', 'SMR'], 0.3],
        [PALLIATIVE, 0.15],
      ]),
    ],
    desks: (random) => (random() < 0.3 ? ['Bureau des admissions'] : []),
  },
  {
    category: 'Établissement de SMR',
    weight: 18,
    name: (random, town) => {
      const r = random();
      if (r < 0.35) return `Centre de réadaptation ${ofTown(town.name)}`;
      if (r < 0.7) return `Clinique ${pick(random, PLACE_NAMES)} — Soins médicaux et de réadaptation`;
      return `Centre SMR ${pick(random, PATRONS)}`;
    },
    legalEntityName: (name) => `Association ${name.replace(/ — .*$/, '')}`,
    units: (random) => [...pickSome(random, REHABILITATION, int(random, 1, 4)), ...some(random, [[PALLIATIVE, 0.2]])],
    desks: (random) => (random() < 0.5 ? ["Guichet d'admission SMR"] : []),
  },
  {
    category: 'Hospitalisation à domicile',
    weight: 8,
    name: (random, town, departement) => {
      const r = random();
      if (r < 0.4) return `HAD ${departementName(departement)}`;
      if (r < 0.7) return `HAD ${town.name}`;
      return `Santé Service ${town.name}`;
    },
    legalEntityName: (name) => `Association ${name}`,
    units: (random) => [
      ['HAD adultes', 'HAD'],
      ...some(random, [
        [['HAD pédiatrique', 'HAD'], 0.3],
        [['HAD soins palliatifs', 'HAD'], 0.4],
      ]),
    ],
    desks: (random) => (random() < 0.3 ? ["Cellule d'admission HAD"] : []),
  },
  {
    category: 'EHPAD',
    weight: 30,
    name: (random, town) => {
      const r = random();
      if (r < 0.45) return `EHPAD ${pick(random, RESIDENCES)}`;
      if (r < 0.75) return `EHPAD ${pick(random, RESIDENCES)} ${ofTown(town.name)}`;
      return `Résidence ${pick(random, RESIDENCES)}`;
    },
    legalEntityName: (_name, town) => `Centre communal d'action sociale ${ofTown(town.name)}`,
    units: (random) => [
      ['Hébergement permanent', 'EHPAD'],
      ...some(random, [
        [['Hébergement temporaire', 'EHPAD'], 0.5],
        [['Unité protégée Alzheimer', 'EHPAD'], 0.4],
        [['Accueil de jour', 'EHPAD'], 0.2],
        [LONG_STAY, 0.15],
      ]),
    ],
    desks: (random) => (random() < 0.2 ? ["Guichet d'admission EHPAD"] : []),
  },
  {
    category: 'Établissement de santé mentale',
    weight: 6,
    name: (random, town) => {
      const r = random();
      if (r < 0.4) return `Centre hospitalier spécialisé ${ofTown(town.name)}`;
      if (r < 0.7) return `Clinique psychiatrique ${pick(random, PLACE_NAMES)}`;
      return `Établissement public de santé mentale ${ofTown(town.name)}`;
    },
    legalEntityName: (name) => name,
    units: (random) => pickSome(random, PSYCHIATRY, int(random, 2, 5)),
    desks: () => [],
  },
];

const TOTAL_WEIGHT = TEMPLATES.reduce((sum, t) => sum + t.weight, 0);

function pickTemplate(random: Random): Template {
  let r = random() * TOTAL_WEIGHT;
  for (const t of TEMPLATES) {
    r -= t.weight;
    if (r < 0) return t;
  }
  return TEMPLATES[TEMPLATES.length - 1] as Template;
}

/**
 * What else a legal entity runs: public hospitals run nursing homes; a town's social action
 * centre, an association or a company runs several places of the same kind.
 */
function sisterTemplate(of: Template): Template {
  const publicHospital = ['Centre hospitalier régional', 'Centre hospitalier', 'Établissement de santé mentale'];
  return publicHospital.includes(of.category) ? (TEMPLATES.find((t) => t.category === 'EHPAD') as Template) : of;
}

const CAPACITY: Readonly<Record<UnitKind, readonly [number, number]>> = {
  MCO: [12, 40],
  SMR: [15, 60],
  HAD: [15, 120],
  SOINS_PALLIATIFS: [6, 15],
  PSYCHIATRIE: [15, 30],
  EHPAD: [10, 90],
  USLD: [20, 60],
};

// ─── The generator ───────────────────────────────────────────────────────────

/** Chance that an establishment belongs to the same legal entity as the one before it. */
const SAME_LEGAL_ENTITY = 0.15;

/**
 * The demo directory of `establishments` establishments: the four of the README first, then
 * generated ones. Same input, same output, byte for byte.
 */
export function generateDirectory(options: { establishments: number; seed?: number }): Directory {
  const count = options.establishments;
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`Not a number of establishments: ${count}`);
  const seed = options.seed ?? DATASET_SEED;
  const establishments = DEMO_ESTABLISHMENTS.slice(0, count).map((e) => structuredClone(e));
  if (count <= DEMO_ESTABLISHMENTS.length) return { establishments };

  const demoNames = new Set(DEMO_ESTABLISHMENTS.map((e) => e.name));
  const finess = new FinessNumbers(new Set(DEMO_ESTABLISHMENTS.flatMap((e) => [e.finess, e.legalEntity.finess])));
  const random = mulberry32(seed);
  let previous:
    | { departement: string; town: Town; template: Template; legalEntity: DirectoryEstablishment['legalEntity'] }
    | undefined;

  for (let i = DEMO_ESTABLISHMENTS.length; i < count; i++) {
    const sameEntity = previous !== undefined && random() < SAME_LEGAL_ENTITY;
    const departement = sameEntity && previous ? previous.departement : pick(random, DEPARTEMENTS).code;
    const towns = townsOf(departement, seed);
    const town =
      sameEntity && previous && random() < 0.5
        ? previous.town
        : random() < 0.35
          ? (towns[0] as Town)
          : pick(random, towns);
    const template = sameEntity && previous ? sisterTemplate(previous.template) : pickTemplate(random);
    let name = template.name(random, town, departement);
    // The demo establishments are looked up by name (e2e, README): no generated one takes theirs.
    if (demoNames.has(name)) name = `${name} — site ${pick(random, PATRONS)}`;
    const et = finess.take(departement);
    const legalEntity =
      sameEntity && previous
        ? previous.legalEntity
        : { finess: finess.take(departement), name: template.legalEntityName(name, town) };
    const key = `et-${et}`;
    const units = template.units(random).map(([unitName, kind], j) => {
      const [min, max] = CAPACITY[kind];
      return unit(`${key}-u${j + 1}`, unitName, kind, int(random, min, max));
    });
    const desks = template.desks(random).map((deskName, j) => ({ key: `${key}-g${j + 1}`, name: deskName }));
    establishments.push({
      key,
      finess: et,
      legalEntity,
      name,
      category: template.category,
      address: streetAddress(random),
      postalCode: town.postalCode,
      city: town.name,
      departement,
      phone: phoneNumber(random, departement),
      email: `accueil@${key.toLowerCase()}.demo`,
      units,
      desks,
    });
    previous = { departement, town, template, legalEntity };
  }
  return { establishments };
}
