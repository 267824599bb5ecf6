import { describe, expect, it } from 'vitest';
import {
  ROR_CODE_LABELS,
  ROR_CODE_SYSTEMS,
  rorCodeLabel,
  rorCodeText,
  rorResourceCode,
  rorResourceLabel,
  rorResourceText,
} from './ror-codes';

describe('rorCodeLabel', () => {
  it('names the NOS codes of each system', () => {
    expect(rorCodeLabel('activityField', '01')).toBe('Médecine, chirurgie, obstétrique (MCO)');
    expect(rorCodeLabel('activityField', '02')).toBe('Soins médicaux et de réadaptation (SMR)');
    expect(rorCodeLabel('activityField', '03')).toBe('Psychiatrie');
    expect(rorCodeLabel('activityField', '04')).toBe('Médico-social');
    expect(rorCodeLabel('careMode', '28')).toBe('Hospitalisation complète (HC)');
    expect(rorCodeLabel('careMode', '31')).toBe('Hospitalisation à domicile (HAD)');
    expect(rorCodeLabel('careMode', '46')).toBe('Hébergement (accueil jour et nuit)');
    expect(rorCodeLabel('public', '2')).toBe('Adultes');
    expect(rorCodeLabel('public', '3')).toBe('Personnes âgées');
    expect(rorCodeLabel('offerType', '152')).toBe('Unité hospitalière de médecine');
    expect(rorCodeLabel('offerType', '175')).toBe('Unité de soins palliatifs (USP)');
    expect(rorCodeLabel('offerType', '249')).toBe('Unité de soins de longue durée (USLD)');
    expect(rorCodeLabel('operationalActivity', '017')).toBe('Cardiologie');
    expect(rorCodeLabel('specificAct', '0320')).toBe('Neuromodulation sacrée');
  });

  it('reads a code by its system: the same code means another thing elsewhere', () => {
    expect(rorCodeLabel('careMode', '02')).toBeUndefined();
    expect(rorCodeLabel('activityField', '28')).toBeUndefined();
  });

  it('has no label for an unknown code, a code spelt otherwise, or a property of objects', () => {
    expect(rorCodeLabel('careMode', '99')).toBeUndefined();
    expect(rorCodeLabel('activityField', '1')).toBeUndefined(); // the NOS code is « 01 »
    expect(rorCodeLabel('operationalActivity', '17')).toBeUndefined();
    expect(rorCodeLabel('equipment', 'E12')).toBeUndefined();
    expect(rorCodeLabel('careMode', '')).toBeUndefined();
    expect(rorCodeLabel('careMode', 'constructor')).toBeUndefined();
    expect(rorCodeLabel('careMode', '__proto__')).toBeUndefined();
    expect(rorCodeLabel('public', 'toString')).toBeUndefined();
  });

  it('ignores spaces around the code', () => {
    expect(rorCodeLabel('careMode', ' 28 ')).toBe('Hospitalisation complète (HC)');
  });

  it('has a table per system, every label a non-empty text', () => {
    expect(Object.keys(ROR_CODE_LABELS).sort()).toEqual([...ROR_CODE_SYSTEMS].sort());
    for (const system of ROR_CODE_SYSTEMS)
      for (const [code, label] of Object.entries(ROR_CODE_LABELS[system])) {
        expect(code).toMatch(/^[0-9A-Z]+$/);
        expect(label.trim()).not.toBe('');
      }
  });
});

describe('rorCodeText', () => {
  it('names a known code and keeps the code after it', () => {
    expect(rorCodeText('careMode', '28')).toBe('Hospitalisation complète (HC) — 28');
    expect(rorCodeText('activityField', '01')).toBe('Médecine, chirurgie, obstétrique (MCO) — 01');
  });

  it('shows an unknown code as sent', () => {
    expect(rorCodeText('careMode', '99')).toBe('99');
    expect(rorCodeText('offerType', 'Unité de médecine')).toBe('Unité de médecine');
  });
});

describe('ROR resources', () => {
  it('splits an entry into its system and code', () => {
    expect(rorResourceCode('acte:0320')).toEqual({ system: 'specificAct', code: '0320' });
    expect(rorResourceCode('equipement:E12')).toEqual({ system: 'equipment', code: 'E12' });
    expect(rorResourceCode('0320')).toBeUndefined();
    expect(rorResourceCode('autre:0320')).toBeUndefined();
    expect(rorResourceCode('constructor:0320')).toBeUndefined();
  });

  it('names a known act, keeps the entry as sent otherwise', () => {
    expect(rorResourceLabel('acte:0320')).toBe('Neuromodulation sacrée');
    expect(rorResourceText('acte:0105')).toBe('Oxygénothérapie — acte:0105');
    expect(rorResourceLabel('acte:9999')).toBeUndefined();
    expect(rorResourceText('acte:9999')).toBe('acte:9999');
    expect(rorResourceText('equipement:E12')).toBe('equipement:E12');
    expect(rorResourceText('Scope')).toBe('Scope');
  });
});
