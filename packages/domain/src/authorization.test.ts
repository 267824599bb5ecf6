import { describe, expect, it } from 'vitest';
import {
  authorize,
  canGrant,
  canManageAccount,
  grantableLevels,
  type HabilitationGrant,
  habilitationActions,
  isActiveOn,
  isOwnEndChangeAllowed,
} from './authorization';

const E1 = 'est-1';
const E2 = 'est-2';
const today = '2026-11-25';

function grant(partial: Partial<HabilitationGrant>): HabilitationGrant {
  return {
    profile: 'PRESCRIPTEUR_MEDICAL',
    level: 'ESTABLISHMENT',
    establishmentId: E1,
    unitId: null,
    admissionDeskId: null,
    startsOn: '2026-01-01',
    endsOn: '2027-01-01',
    ...partial,
  };
}

describe('isActiveOn', () => {
  it('includes both the first and the last day', () => {
    expect(isActiveOn({ startsOn: today, endsOn: today }, today)).toBe(true);
    expect(isActiveOn({ startsOn: '2026-11-26', endsOn: '2027-01-01' }, today)).toBe(false);
    expect(isActiveOn({ startsOn: '2026-01-01', endsOn: '2026-11-24' }, today)).toBe(false);
  });
});

describe('authorize', () => {
  it('lets a Référent structure act on its establishment and all its units', () => {
    const authz = authorize({ nationalAdmin: false }, [grant({ profile: 'REFERENT_STRUCTURE' })], today);
    expect(authz.can('accounts.manage', { establishmentId: E1 })).toBe(true);
    expect(authz.can('habilitations.manage', { establishmentId: E1, unitId: 'any-unit' })).toBe(true);
    expect(authz.can('accounts.manage', { establishmentId: E2 })).toBe(false);
    expect(authz.isReferent).toBe(true);
  });

  it('lets a Référent unité act on its units only, never on the whole establishment', () => {
    const authz = authorize(
      { nationalAdmin: false },
      [grant({ profile: 'REFERENT_UNITE', level: 'UNIT', unitId: 'u1' })],
      today,
    );
    expect(authz.can('accounts.manage', { establishmentId: E1, unitId: 'u1' })).toBe(true);
    expect(authz.can('accounts.manage', { establishmentId: E1, unitId: 'u2' })).toBe(false);
    expect(authz.can('accounts.manage', { establishmentId: E1 })).toBe(false);
    // A unit id paired with another establishment is not taken on trust.
    expect(authz.can('accounts.manage', { establishmentId: E2, unitId: 'u1' })).toBe(false);
  });

  it('grants nothing administrative to other profiles', () => {
    const authz = authorize(
      { nationalAdmin: false },
      [
        grant({ profile: 'PRESCRIPTEUR_MEDICAL' }),
        grant({ profile: 'RESPONSABLE_ADMISSIONS', level: 'UNIT', unitId: 'u1' }),
      ],
      today,
    );
    expect(authz.isReferent).toBe(false);
    expect(authz.can('accounts.manage', { establishmentId: E1, unitId: 'u1' })).toBe(false);
    expect(authz.grants).toHaveLength(2);
  });

  it('ignores habilitations outside their dates', () => {
    const expired = grant({ profile: 'REFERENT_STRUCTURE', endsOn: '2026-11-24' });
    const future = grant({ profile: 'REFERENT_STRUCTURE', establishmentId: E2, startsOn: '2026-11-26' });
    const authz = authorize({ nationalAdmin: false }, [expired, future], today);
    expect(authz.can('accounts.manage', { establishmentId: E1 })).toBe(false);
    expect(authz.can('accounts.manage', { establishmentId: E2 })).toBe(false);
    expect(authz.grants).toHaveLength(0);
  });

  it('lets a national administrator act everywhere', () => {
    const authz = authorize({ nationalAdmin: true }, [], today);
    expect(authz.can('directory.edit', { establishmentId: E2 })).toBe(true);
  });
});

describe('canManageAccount', () => {
  const referent = authorize({ nationalAdmin: false }, [grant({ profile: 'REFERENT_STRUCTURE' })], today);
  const unitReferent = authorize(
    { nationalAdmin: false },
    [grant({ profile: 'REFERENT_UNITE', level: 'UNIT', unitId: 'u1' })],
    today,
  );
  const prescriber = authorize({ nationalAdmin: false }, [grant({})], today);
  const admin = authorize({ nationalAdmin: true }, [], today);
  const account = (...places: { establishmentId: string; unitId: string | null }[]) => ({
    nationalAdmin: false,
    places,
  });

  it('allows accounts with a place (habilitation or attachment) in scope', () => {
    expect(canManageAccount(referent, account({ establishmentId: E1, unitId: 'u9' }))).toBe(true);
    expect(canManageAccount(unitReferent, account({ establishmentId: E1, unitId: 'u1' }))).toBe(true);
  });

  it('leaves accounts placed nowhere to administrators', () => {
    expect(canManageAccount(referent, account())).toBe(false);
    expect(canManageAccount(unitReferent, account())).toBe(false);
    expect(canManageAccount(admin, account())).toBe(true);
  });

  it('lets no référent manage a national administrator, even one with a place in scope', () => {
    const nationalAdmin = { nationalAdmin: true, places: [{ establishmentId: E1, unitId: 'u1' }] };
    expect(canManageAccount(referent, nationalAdmin)).toBe(false);
    expect(canManageAccount(unitReferent, nationalAdmin)).toBe(false);
    expect(canManageAccount(admin, nationalAdmin)).toBe(true);
  });

  it('refuses accounts whose places are all elsewhere, and non-referents', () => {
    expect(canManageAccount(referent, account({ establishmentId: E2, unitId: null }))).toBe(false);
    expect(canManageAccount(unitReferent, account({ establishmentId: E1, unitId: 'u2' }))).toBe(false);
    expect(canManageAccount(unitReferent, account({ establishmentId: E1, unitId: null }))).toBe(false);
    expect(canManageAccount(prescriber, account({ establishmentId: E1, unitId: null }))).toBe(false);
  });
});

describe('isOwnEndChangeAllowed', () => {
  it('lets a holder shorten their own habilitation, never prolong it', () => {
    expect(isOwnEndChangeAllowed('2027-01-10', '2027-01-01')).toBe(true);
    expect(isOwnEndChangeAllowed('2027-01-10', '2027-01-10')).toBe(true);
    expect(isOwnEndChangeAllowed('2027-01-10', '2027-01-11')).toBe(false);
  });
});

describe('canGrant', () => {
  const structure = authorize({ nationalAdmin: false }, [grant({ profile: 'REFERENT_STRUCTURE' })], today);
  const unit = authorize(
    { nationalAdmin: false },
    [grant({ profile: 'REFERENT_UNITE', level: 'UNIT', unitId: 'u1' })],
    today,
  );
  const target = (t: Partial<Parameters<typeof canGrant>[1]>) => ({
    profile: 'PRESCRIPTEUR_MEDICAL',
    level: 'UNIT' as const,
    establishmentId: E1,
    unitId: 'u1',
    ...t,
  });

  it('lets a structure referent grant anything in its establishment, nothing elsewhere', () => {
    expect(canGrant(structure, target({ level: 'ESTABLISHMENT', unitId: null, profile: 'REFERENT_STRUCTURE' }))).toBe(
      true,
    );
    expect(canGrant(structure, target({ establishmentId: E2 }))).toBe(false);
  });

  it('keeps a unit referent to unit-level grants in its units', () => {
    expect(canGrant(unit, target({}))).toBe(true);
    expect(canGrant(unit, target({ profile: 'REFERENT_UNITE' }))).toBe(true);
    expect(canGrant(unit, target({ unitId: 'u2' }))).toBe(false);
    expect(canGrant(unit, target({ level: 'ESTABLISHMENT', unitId: null }))).toBe(false);
    expect(canGrant(unit, target({ level: 'ADMISSION_DESK', unitId: null }))).toBe(false);
  });
});

describe('habilitationActions', () => {
  const structure = authorize({ nationalAdmin: false }, [grant({ profile: 'REFERENT_STRUCTURE' })], today);
  const unit = authorize(
    { nationalAdmin: false },
    [grant({ profile: 'REFERENT_UNITE', level: 'UNIT', unitId: 'u1' })],
    today,
  );
  const admin = authorize({ nationalAdmin: true }, [], today);
  const held = (t: Partial<Parameters<typeof habilitationActions>[1]>) => ({
    profile: 'PRESCRIPTEUR_MEDICAL',
    level: 'UNIT' as const,
    establishmentId: E1,
    unitId: 'u1',
    endsOn: '2027-06-30',
    ...t,
  });
  const all = { prolong: true, reduce: true, delete: true, setEmails: true };
  const none = { prolong: false, reduce: false, delete: false, setEmails: false };

  it('offers everything in scope, nothing outside', () => {
    expect(habilitationActions(structure, held({}), false, today)).toEqual(all);
    expect(habilitationActions(admin, held({ establishmentId: E2 }), false, today)).toEqual(all);
    expect(habilitationActions(structure, held({ establishmentId: E2 }), false, today)).toEqual(none);
    expect(habilitationActions(unit, held({ unitId: 'u2' }), false, today)).toEqual(none);
    expect(habilitationActions(unit, held({ level: 'ESTABLISHMENT', unitId: null }), false, today)).toEqual(none);
  });

  it('never offers to prolong one’s own habilitation, only to reduce or delete it', () => {
    expect(habilitationActions(structure, held({}), true, today)).toEqual({ ...all, prolong: false });
    expect(habilitationActions(unit, held({ profile: 'REFERENT_UNITE' }), true, today)).toEqual({
      ...all,
      prolong: false,
    });
  });

  it('offers no reduction once the end is today or past', () => {
    expect(habilitationActions(structure, held({ endsOn: today }), false, today)).toEqual({ ...all, reduce: false });
    expect(habilitationActions(structure, held({ endsOn: '2026-11-01' }), true, today)).toEqual({
      ...none,
      delete: true,
      setEmails: true,
    });
  });
});

describe('grantableLevels', () => {
  const structure = authorize({ nationalAdmin: false }, [grant({ profile: 'REFERENT_STRUCTURE' })], today);
  const unit = authorize(
    { nationalAdmin: false },
    [grant({ profile: 'REFERENT_UNITE', level: 'UNIT', unitId: 'u1' })],
    today,
  );
  const place = { establishmentId: E1, unitIds: ['u1', 'u2'], hasAdmissionDesks: true };

  it('gives a Référent structure every level of every profile in its establishment', () => {
    expect(grantableLevels(structure, 'PRESCRIPTEUR_MEDICAL', place)).toEqual(['ESTABLISHMENT', 'UNIT']);
    expect(grantableLevels(structure, 'RESPONSABLE_ADMISSIONS', place)).toEqual(['UNIT', 'ADMISSION_DESK']);
    expect(grantableLevels(structure, 'REFERENT_STRUCTURE', place)).toEqual(['ESTABLISHMENT']);
    expect(grantableLevels(structure, 'PRESCRIPTEUR_MEDICAL', { ...place, establishmentId: E2 })).toEqual([]);
  });

  it('gives a Référent unité the unit level in her units only, never a Référent structure', () => {
    expect(grantableLevels(unit, 'PRESCRIPTEUR_MEDICAL', place)).toEqual(['UNIT']);
    expect(grantableLevels(unit, 'REFERENT_UNITE', place)).toEqual(['UNIT']);
    expect(grantableLevels(unit, 'RESPONSABLE_ADMISSIONS', place)).toEqual(['UNIT']);
    expect(grantableLevels(unit, 'REFERENT_STRUCTURE', place)).toEqual([]);
    expect(grantableLevels(unit, 'PRESCRIPTEUR_MEDICAL', { ...place, unitIds: ['u2'] })).toEqual([]);
  });

  it('offers no admission desk level where there is no desk', () => {
    expect(grantableLevels(structure, 'RESPONSABLE_ADMISSIONS', { ...place, hasAdmissionDesks: false })).toEqual([
      'UNIT',
    ]);
  });
});
