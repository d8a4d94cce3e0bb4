import { describe, expect, it } from 'vitest';
import type { StoredSubmission } from '../../src/lib/forms/record.ts';
import { loadProgram } from '../../src/lib/program/settings.ts';
import { actionsFor } from '../../src/lib/program/routing.ts';
import { decisionForm } from '../../src/lib/workflow/action-forms.ts';
import { decisionPage } from '../../src/lib/workflow/pages.ts';
import { person, preApprovalCourse } from '../../support/submissions.ts';

const program = loadProgram();
const course = (overrides: Record<string, unknown>) => ({ ...preApprovalCourse(overrides), hours: Number(overrides['hours'] ?? 12) });

const request = (courses: Record<string, unknown>[]): StoredSubmission => ({
  id: 'a1b2c3d4-0000-4000-8000-000000000001',
  form: 'pre-approval',
  receipt: 'PA-7K2M9Q4XAB',
  status: 'with-supervisor',
  submittedAt: '2026-11-24T18:00:00.000Z',
  submittedOn: '2026-11-24',
  facts: { employeeId: person.employeeId, summary: '2 courses' },
  data: { ...person, courses, trueAndComplete: true },
  files: [],
});

const render = (record: StoredSubmission, problems: { field: string; message: string }[] = []) => {
  const { form } = decisionForm(actionsFor('pre-approval', record.status, 'supervisor'), { data: record.data, today: '2026-11-24', program });
  return decisionPage(program, { record, token: 't', form, related: [], catalog: new Map(), signedIn: { name: 'Sam Lee' }, problems });
};

describe('the decision page of a pre-approval request', () => {
  const twoCourses = request([course({ courseTitle: 'American Sign Language I' }), course({ courseTitle: 'Floor-Care Chemicals', hours: 6 })]);

  it('asks for a decision on each course of a request that lists several, with a reason for a denial', () => {
    const html = render(twoCourses);
    expect(html).toContain('<h2 class="section-title">Course 1: American Sign Language I</h2>');
    expect(html).toContain('<h2 class="section-title">Course 2: Floor-Care Chemicals</h2>');
    expect(html).toContain('6 hours, starting January 12, 2027, with Alder County Community College, evening class.');
    for (const n of [1, 2]) {
      expect(html).toContain(`<legend class="legend">Your decision on course ${n}</legend>`);
      expect(html).toContain(`name="course${n}" value="approved"`);
      expect(html).toContain(`name="course${n}" value="denied"`);
      expect(html).toContain(`<label class="label" for="f-reason${n}">Why you deny course ${n}</label>`);
    }
    // Asked only when a course is denied or the request returned: never marked "(optional)".
    expect(html).not.toMatch(/course \d <span class="optional">/);
    expect(html).toContain('value="return"');
    expect(html).not.toContain('name="decision" value="deny"');
  });

  it('shows a problem beside the course it is about', () => {
    const html = render(twoCourses, [{ field: 'reason2', message: 'Enter why you deny course 2: the requester is told the reason' }]);
    expect(html).toMatch(/<textarea class="textarea" id="f-reason2"[^>]*aria-invalid="true"/);
    expect(html).toContain('<a href="#f-reason2">Enter why you deny course 2');
  });

  it('keeps the plain approve, deny or return for a request of one course', () => {
    const html = render(request([course({ courseTitle: 'American Sign Language I' })]));
    expect(html).toContain('name="decision" value="approve"');
    expect(html).toContain('name="decision" value="deny"');
    expect(html).not.toContain('name="course1"');
  });
});
