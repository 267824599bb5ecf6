import { describe, expect, it } from 'vitest';
import { de, departementLabel } from './format';

describe('de', () => {
  it('elides before a vowel, accented or capital', () => {
    expect(de('Émilie Garnier')).toBe('d’Émilie Garnier');
    expect(de('Équipe soignante')).toBe('d’Équipe soignante');
    expect(de('EHPAD Les Tilleuls')).toBe('d’EHPAD Les Tilleuls');
    expect(de('Yves Roux')).toBe('d’Yves Roux');
  });

  it('keeps « de » before a consonant, and before h (aspiré or not, it cannot tell)', () => {
    expect(de('Bruno Lefèvre')).toBe('de Bruno Lefèvre');
    expect(de('Hélène Petit')).toBe('de Hélène Petit');
    expect(de('')).toBe('de ');
  });
});

describe('departementLabel', () => {
  it('names the département after its code', () => {
    expect(departementLabel('69')).toBe('69 — Rhône');
    expect(departementLabel('2A')).toBe('2A — Corse-du-Sud');
  });

  it('keeps an unknown code as it is', () => {
    expect(departementLabel('99')).toBe('99');
  });
});
