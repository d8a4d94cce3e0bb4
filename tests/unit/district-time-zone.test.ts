import { describe, expect, it } from 'vitest';
import { submissionFromRecord } from '../../src/lib/airtable/fields.ts';
import { focusPlan } from '../../src/lib/forms/focus-plan.ts';
import { placeholderValues } from '../../src/lib/handbook/placeholders.ts';
import { today } from '../../src/lib/program/calendar.ts';
import { parseProgram } from '../../src/lib/program/settings.ts';
import { programYamlWith, repoProgram } from '../../support/program.ts';

const losAngeles = repoProgram();
const newYork = parseProgram(programYamlWith({ timeZone: 'America/New_York' }));

describe('a district’s time zone', () => {
  it('gives a district in New York a different today from one in Los Angeles between their midnights', () => {
    // 05:30 UTC in winter: 00:30 in New York (UTC-5), 21:30 the evening before in Los Angeles (UTC-8).
    const justAfterMidnightInNewYork = new Date('2027-01-01T05:30:00Z');
    expect(today(justAfterMidnightInNewYork, newYork.timeZone)).toBe('2027-01-01');
    expect(today(justAfterMidnightInNewYork, losAngeles.timeZone)).toBe('2026-12-31');
    // Once both have passed midnight, they agree again.
    expect(today(new Date('2027-01-01T08:00:00Z'), newYork.timeZone)).toBe(today(new Date('2027-01-01T08:00:00Z'), losAngeles.timeZone));
  });

  it('dates a record read back from Airtable by the day it was sent in the district', () => {
    const fields = { 'Submission ID': 'x1', Receipt: 'FP-7K2M9Q4XAB', 'Submitted at': '2027-07-01T04:30:00.000Z', Status: 'with-evaluator' };
    expect(submissionFromRecord(focusPlan, fields, newYork.timeZone)!.submittedOn).toBe('2027-07-01');
    expect(submissionFromRecord(focusPlan, fields, losAngeles.timeZone)!.submittedOn).toBe('2027-06-30');
  });

  it('is named in the handbook as people say it', () => {
    expect(placeholderValues(losAngeles)['timeZoneName']).toBe('Pacific Time');
    expect(placeholderValues(newYork)['timeZoneName']).toBe('Eastern Time');
  });
});
