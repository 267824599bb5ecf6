import { describe, expect, it } from 'vitest';
import { defaultPrivileges, PRIVILEGE_RULES, resolvePrivileges } from './privileges';
import { PROFILE_CODES } from './profiles';

describe('privileges', () => {
  it('gives each profile what the seed sheet says', () => {
    expect(defaultPrivileges('PRESCRIPTEUR_MEDICAL').sections).toMatchObject({
      ORIENTATION: 'VALIDATION',
      MEDICAL: 'VALIDATION',
    });
    expect(defaultPrivileges('EQUIPE_SOIGNANTE').sections).toMatchObject({
      ORIENTATION: 'ECRITURE',
      MEDICAL: 'ECRITURE',
    });
    expect(defaultPrivileges('GESTIONNAIRE_ADMINISTRATIF').sections).toEqual({
      ORIENTATION: 'LECTURE',
      MEDICAL: 'LECTURE',
      ADMINISTRATIF: 'VALIDATION',
    });
    expect(defaultPrivileges('RESPONSABLE_ADMISSIONS').dashboard).toBe('REPONDRE');
    expect(defaultPrivileges('REFERENT_STRUCTURE').dashboard).toBe('AUCUN');
  });

  it('accepts customisations within the allowed values only', () => {
    expect(
      resolvePrivileges('PRESCRIPTEUR_MEDICAL', { sections: { MEDICAL: 'ECRITURE' }, sendRequests: false }),
    ).toMatchObject({
      ok: true,
      privileges: { sections: { MEDICAL: 'ECRITURE' }, sendRequests: false },
    });
    expect(resolvePrivileges('EQUIPE_SOIGNANTE', { sections: { MEDICAL: 'VALIDATION' } })).toMatchObject({
      ok: false,
      problems: [{ privilege: 'sections.MEDICAL' }],
    });
    expect(resolvePrivileges('RESPONSABLE_ADMISSIONS', { dashboard: 'ECRITURE' }).ok).toBe(false);
    expect(resolvePrivileges('PRESCRIPTEUR_MEDICAL', { teleExpertise: true })).toMatchObject({
      ok: false,
      problems: [{ message: 'Ce droit n’est pas déployé.' }],
    });
  });

  it('has a rule for every profile, whose defaults are allowed values', () => {
    for (const profile of PROFILE_CODES) {
      const rules = PRIVILEGE_RULES[profile];
      for (const rule of [rules.dashboard, ...Object.values(rules.sections), rules.sendRequests]) {
        if (rule.kind === 'CHOICE') expect(rule.allowed).toContain(rule.default);
      }
      expect(resolvePrivileges(profile, defaultPrivileges(profile)).ok).toBe(true);
    }
  });
});
