import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  changeEnd,
  checkNewValidity,
  expiryLevel,
  expiryLevelAt,
  expiryThresholds,
  maxEndFor,
  validityState,
} from './validity';

const today = '2026-11-25';

describe('addMonths', () => {
  it('clamps to the last day of shorter months', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-11-25', 60)).toBe('2031-11-25');
  });
});

describe('changeEnd', () => {
  it('prolongs from today, not from the current end', () => {
    expect(changeEnd({ startsOn: '2025-01-01' }, { prolongation: '6M' }, today)).toEqual({
      ok: true,
      endsOn: '2027-05-25',
      startsOn: '2025-01-01',
    });
    expect(changeEnd({ startsOn: '2025-01-01' }, { prolongation: '5Y' }, today)).toMatchObject({
      endsOn: maxEndFor(today),
    });
  });
  it('refuses a date beyond five years from today', () => {
    const result = changeEnd({ startsOn: '2025-01-01' }, { endsOn: '2031-11-26' }, today);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('25/11/2031') });
  });
  it('refuses a past end, saying that ending today is how to end it now, and never moves the start', () => {
    const past = changeEnd({ startsOn: '2025-01-01' }, { endsOn: '2026-11-24' }, today);
    expect(past).toEqual({
      ok: false,
      message:
        'La date de fin ne peut pas être passée : pour terminer l’habilitation dès maintenant, choisissez aujourd’hui, le 25/11/2026.',
    });
    expect(changeEnd({ startsOn: '2025-01-01' }, { endsOn: '2020-01-01' }, today).ok).toBe(false);
    expect(changeEnd({ startsOn: '2025-01-01' }, { endsOn: today }, today)).toEqual({
      ok: true,
      endsOn: today,
      startsOn: '2025-01-01',
    });
    expect(changeEnd({ startsOn: today }, { endsOn: today }, today)).toEqual({
      ok: true,
      endsOn: today,
      startsOn: today,
    });
  });
  it('refuses an end before a start still to come: such a habilitation is deleted, not ended', () => {
    const result = changeEnd({ startsOn: '2027-01-10' }, { endsOn: '2027-01-09' }, today);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('10/01/2027') });
    expect(changeEnd({ startsOn: '2027-01-10' }, { prolongation: '6M' }, today)).toMatchObject({
      ok: true,
      endsOn: '2027-05-25',
      startsOn: '2027-01-10',
    });
  });
  it('rejects impossible dates', () => {
    expect(changeEnd({ startsOn: today }, { endsOn: '2027-02-30' }, today).ok).toBe(false);
  });
});

describe('validityState', () => {
  it('is upcoming, active, on its last day, then ended', () => {
    expect(validityState({ startsOn: '2026-11-26', endsOn: '2027-01-01' }, today)).toBe('UPCOMING');
    expect(validityState({ startsOn: today, endsOn: '2027-01-01' }, today)).toBe('ACTIVE');
    expect(validityState({ startsOn: '2025-01-01', endsOn: today }, today)).toBe('ENDS_TODAY');
    expect(validityState({ startsOn: today, endsOn: today }, today)).toBe('ENDS_TODAY');
    expect(validityState({ startsOn: '2025-01-01', endsOn: '2026-11-24' }, today)).toBe('ENDED');
  });
});

describe('checkNewValidity', () => {
  it('allows five years at most, and no end before the start', () => {
    expect(checkNewValidity(today, '2031-11-25', today)).toBeNull();
    expect(checkNewValidity(today, '2031-11-26', today)).toContain('5 ans');
    expect(checkNewValidity(today, '2026-11-24', today)).toContain('suivre');
    expect(checkNewValidity('2026-11-24', '2027-01-01', today)).toContain('passé');
  });

  it('starts at most a year ahead: no dormant grants', () => {
    expect(checkNewValidity('2027-11-25', '2028-11-25', today)).toBeNull();
    expect(checkNewValidity('2027-11-26', '2028-11-26', today)).toContain('au plus tard dans un an');
  });
});

describe('expiryLevel', () => {
  it('is red within 15 days, orange within a month', () => {
    expect(expiryLevel('2026-12-10', today)).toBe('RED');
    expect(expiryLevel('2026-12-11', today)).toBe('ORANGE');
    expect(expiryLevel('2026-12-25', today)).toBe('ORANGE');
    expect(expiryLevel('2026-12-26', today)).toBeNull();
    expect(expiryLevel('2026-11-24', today)).toBeNull();
  });

  it('gives the same colours from thresholds computed once, month ends included', () => {
    for (const day of ['2026-01-31', '2026-02-28', '2028-02-29', '2026-12-31']) {
      const thresholds = expiryThresholds(day);
      for (let offset = -3; offset < 40; offset++) {
        const end = addDays(day, offset);
        expect(expiryLevelAt(end, thresholds)).toBe(expiryLevel(end, day));
      }
    }
    expect(expiryThresholds('2026-01-31')).toEqual({ today: '2026-01-31', red: '2026-02-15', orange: '2026-02-28' });
  });
});
