import { describe, expect, it } from 'vitest';
import { parseProgram } from '../../src/lib/program/settings.ts';
import { programYamlWith, repoProgram } from '../../support/program.ts';

describe('program settings', () => {
  it('the repository settings describe the Cedar Valley program', () => {
    const program = repoProgram();
    expect(program.district.name).toBe('Cedar Valley Unified School District');
    expect(program).toMatchObject({ blockHours: 6, payPerBlock: 250, yearlyCapHours: 18, carryOverYears: 2, decisionDeadlineDays: 5 });
    expect(program.fiscalYearStart).toEqual({ month: 7, day: 1 });
  });

  it('a category label with a comma keeps its whole text', () => {
    const labels = repoProgram().categories.map((c) => c.label);
    expect(labels).toContain('Diversity, equity and inclusion');
  });

  it('a pay that is not a number is refused with the file and the field named', () => {
    expect(() => parseProgram(programYamlWith({ payPerBlock: 'two hundred' }))).toThrow(/content\/program\.yaml[\s\S]*payPerBlock: .*number/);
  });

  it('a yearly cap that is not whole blocks is refused', () => {
    expect(() => parseProgram(programYamlWith({ yearlyCapHours: 20 }))).toThrow(/yearlyCapHours: must be a whole number of blocks/);
  });

  it('the district’s time zone, its focus-plan dates and target, and its task force are settings', () => {
    const program = repoProgram();
    expect(program.timeZone).toBe('America/Los_Angeles');
    expect(program.focusPlan).toEqual({ lastCheckpointDate: { month: 5, day: 11 }, startTarget: { percent: 25, by: { month: 10, day: 31 } } });
    expect(program.taskForce).toMatchObject({ size: 3, termYears: 2, meetingsPerYear: 3 });
    expect(program.taskForce.facilitator).toMatch(/assistant superintendent of Human Resources/);
  });

  it('a time zone the server does not know, or a fixed offset, is refused with the field named', () => {
    expect(() => parseProgram(programYamlWith({ timeZone: 'Pacific/Springfield' }))).toThrow(
      /timeZone: "Pacific\/Springfield" is not a time zone this server knows: write its IANA name/,
    );
    expect(() => parseProgram(programYamlWith({ timeZone: '-05:00' }))).toThrow(/timeZone: "-05:00" is not a time zone/);
    expect(() => parseProgram(programYamlWith({ timeZone: undefined }))).toThrow(/timeZone:/);
    expect(parseProgram(programYamlWith({ timeZone: 'America/New_York' })).timeZone).toBe('America/New_York');
  });

  it('a last checkpoint date that does not exist, or a target above 100%, is refused with the field named', () => {
    const focusPlan = { lastCheckpointDate: { month: 2, day: 30 }, startTarget: { percent: 125, by: { month: 10, day: 31 } } };
    expect(() => parseProgram(programYamlWith({ focusPlan }))).toThrow(
      /focusPlan\.lastCheckpointDate\.day: that day does not exist[\s\S]*focusPlan\.startTarget\.percent:/,
    );
  });

  it('a task force whose size is not the number of its members is refused', () => {
    const taskForce = { ...repoProgram().taskForce, size: 4 };
    expect(() => parseProgram(programYamlWith({ taskForce }))).toThrow(/taskForce\.size: must be the number of members listed/);
  });

  it('a deadline on a day that does not exist is refused', () => {
    expect(() => parseProgram(programYamlWith({ submissionDeadline: { month: 2, day: 30 } }))).toThrow(/submissionDeadline\.day: that day does not exist/);
  });

  it('every problem in the file is listed, not just the first', () => {
    const error = (() => {
      try {
        parseProgram(programYamlWith({ blockHours: -6, carryOverYears: 1.5, contacts: [{ role: 'HR', name: 'A', email: 'not-an-email', phone: '555' }] }));
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(error).toMatch(/has 4 problems/);
    expect(error).toMatch(/blockHours:/);
    expect(error).toMatch(/carryOverYears:/);
    expect(error).toMatch(/contacts\.0\.email:/);
    expect(error).toMatch(/contacts\.0\.phone:/);
  });

  it('text that is not YAML is refused with the file named', () => {
    expect(() => parseProgram('blockHours: [6', 'content/program.yaml')).toThrow(/content\/program\.yaml: not valid YAML/);
  });
});
