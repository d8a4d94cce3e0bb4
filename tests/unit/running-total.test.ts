import { describe, expect, it } from 'vitest';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { inPageOrder } from '../../src/lib/forms/errors.ts';
import { renderForm } from '../../src/lib/forms/render.ts';
import { figuresFrom, totalFigures, totalText, typedHours } from '../../src/lib/forms/running-total.ts';
import { repoProgram } from '../../support/program.ts';

const program = repoProgram();
const figures = (hoursSubmitted = 0) => totalFigures(program, { list: 'lines', hours: 'hours' }, hoursSubmitted);

describe('the running total of a claim', () => {
  it('adds up the hours typed, leaving out what is not yet a number', () => {
    expect(typedHours(['6', ' 1.5 ', '', 'six', '2.', undefined, 0.25])).toBe(9.75);
  });

  it('says the hours, whole blocks, pay and what is left of the cap, from the program’s figures', () => {
    expect(totalText(7, figures(6))).toBe('7 hours: 1 whole block, $250 (1 hour short of a whole block). 12 hours of this year’s 18 left to claim.');
    expect(totalText(12, figures())).toBe('12 hours: 2 whole blocks, $500. 18 hours of this year’s 18 left to claim.');
    const district = totalFigures({ ...program, blockHours: 8, payPerBlock: 300, yearlyCapHours: 24 }, { list: 'lines', hours: 'hours' }, 30);
    expect(totalText(17, district)).toBe('17 hours: 2 whole blocks, $600 (1 hour short of a whole block). 0 hours of this year’s 24 left to claim.');
  });

  it('puts its figures on the page as data the browser script reads back', () => {
    const page = renderForm(compensation, { catalog: [], runningTotal: figures(6) });
    const total = /<div[^>]*data-running-total[^>]*>/.exec(page)![0];
    const attributes = new Map([...total.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    expect(figuresFrom({ getAttribute: (name) => attributes.get(name) ?? null })).toEqual(figures(6));
    expect(total).toContain('data-block-hours="6"');
    expect(total).toContain('data-pay-per-block="250"');
    expect(total).toContain('data-cap-left="12"');
  });
});

describe('where a claim’s errors are shown', () => {
  const problems = [
    { field: 'lines', message: 'Claim 6 hours now' },
    { field: 'lines.0.hours', message: 'Course 1: too many hours' },
  ];
  const page = renderForm(compensation, { catalog: [], problems, runningTotal: figures(), values: { lines: [{ hours: '7', startDate: '2026-10-01' }] } });

  it('puts the total’s error by the running total and links the summary to its heading', () => {
    expect(page).toMatch(
      /data-running-total[^>]*><h3 class="running-total-title" id="f-lines" tabindex="-1">Total of this claim<\/h3><p class="hint"[^>]*>[^<]*<\/p><p class="error-message" id="f-lines-error">/,
    );
    expect(page.split('id="f-lines"')).toHaveLength(2);
    expect(page).toContain('<a href="#f-lines">Claim 6 hours now</a>');
  });

  it('marks only the field at fault, not the rest of its row or the list', () => {
    expect([...page.matchAll(/\bid="([^"]+)"[^>]*aria-invalid="true"/g)].map((m) => m[1])).toEqual(['f-lines-0-hours']);
    expect(page).toMatch(/<div class="field repeat" data-repeat="lines"/);
    expect(page).not.toMatch(/class="field field-error" data-field="lines\.0\.(startDate|evidence|completionDate)"/);
  });

  it('without a running total, keeps a list’s error with the list', () => {
    const plain = renderForm(compensation, { catalog: [], problems: [{ field: 'lines', message: 'Add at least one course' }] });
    expect(plain).not.toContain('data-running-total');
    expect(plain).toMatch(/class="field repeat field-error" data-field="lines"/);
  });
});

describe('the order of a refused form’s problems', () => {
  it('follows the page: the whole form first, then fields by section, rows by number, a list’s total after its rows, each once', () => {
    const shuffled = [
      { field: 'trueAndComplete', message: 'Tick it' },
      { field: 'lines', message: 'Claim 6 hours now' },
      { field: 'lines.1.completionDate', message: 'Course 2: future' },
      { field: 'lines.0.hours', message: 'Course 1: hours' },
      { field: 'lines.0.completionDate', message: 'Course 1: future' },
      { field: 'lines.0.hours', message: 'Course 1: hours' },
      { field: '', message: 'Sent from another account' },
      { field: 'employeeType', message: 'Not eligible' },
    ];
    expect(inPageOrder(compensation, shuffled).map((p) => p.field)).toEqual([
      '',
      'employeeType',
      'lines.0.completionDate',
      'lines.0.hours',
      'lines.1.completionDate',
      'lines',
      'trueAndComplete',
    ]);
  });
});
