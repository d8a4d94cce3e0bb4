import { randomUUID } from 'node:crypto';

/**
 * Ana Reyes as HR's sample roster (content/staff.csv) describes her: the usual
 * requester, supervised and evaluated by Sam Lee. Forms take these facts from the
 * roster for the person signed in (support/people.ts), whatever is posted: the
 * builders below still send them, as a script might, and the server ignores them.
 */
export const person = {
  fullName: 'Ana Reyes',
  email: 'ana.reyes@cedarvalley.example',
  employeeId: '104233',
  site: 'Oak Grove Elementary',
  jobTitle: 'Paraeducator',
  supervisorName: 'Sam Lee',
  supervisorEmail: 'sam.lee@cedarvalley.example',
};

/** One course of a pre-approval request, as Ana lists it. */
export function preApprovalCourse(overrides: Record<string, unknown> = {}) {
  return {
    courseTitle: 'American Sign Language I',
    courseDescription: 'Fingerspelling, everyday signs and Deaf culture.',
    instructor: 'Jordan Park',
    provider: 'Alder County Community College, evening class',
    startDate: '2027-01-12',
    hours: '12',
    purpose: 'Communicate with the deaf and hard-of-hearing students in my classroom.',
    ...overrides,
  };
}

const COURSE_FIELDS = new Set(Object.keys(preApprovalCourse()));

/**
 * Answers that pass each form's schema and rules on 2026-11-24 when Ana sends them, for tests to change one thing at a time.
 * A pre-approval lists one course unless `courses` says otherwise; a course's own answer (`startDate`, `hours`...) changes that course.
 */
export function preApprovalAnswers(overrides: Record<string, unknown> = {}) {
  const course = Object.fromEntries(Object.entries(overrides).filter(([name]) => COURSE_FIELDS.has(name)));
  const rest = Object.fromEntries(Object.entries(overrides).filter(([name]) => !COURSE_FIELDS.has(name)));
  return {
    ...person,
    courses: [preApprovalCourse(course)],
    trueAndComplete: 'yes',
    submissionId: randomUUID(),
    ...rest,
  };
}

export function compensationAnswers(lines: Record<string, unknown>[], overrides: Record<string, unknown> = {}) {
  return {
    ...person,
    employeeType: 'permanent-classified',
    lines,
    outsideWorkday: 'yes',
    paidElsewhere: 'no',
    trueAndComplete: 'yes',
    submissionId: randomUUID(),
    ...overrides,
  };
}

export function focusPlanAnswers(overrides: Record<string, unknown> = {}) {
  return {
    fullName: person.fullName,
    email: person.email,
    employeeId: person.employeeId,
    site: person.site,
    evaluatorName: 'Sam Lee',
    evaluatorEmail: 'sam.lee@cedarvalley.example',
    track: 'contributor',
    areaOfGrowth: 'Checking for understanding in small groups',
    smartGoal: 'By May, use exit tickets in 80% of small-group lessons.',
    actionSteps: 'Observe a colleague in January; try exit tickets in February.',
    resources: 'Instructional coach; exit-ticket bank.',
    checkpointDate: '2027-05-07',
    submissionId: randomUUID(),
    ...overrides,
  };
}

export function checkpointAnswers(planReceipt: string, overrides: Record<string, unknown> = {}) {
  return {
    fullName: person.fullName,
    email: person.email,
    employeeId: person.employeeId,
    planReceipt,
    progress: 'Exit tickets in most lessons since February.',
    evidence: 'Tally of exit tickets and student work samples.',
    nextStep: 'close',
    submissionId: randomUUID(),
    ...overrides,
  };
}

/** An appeal of a denied request, by the person of the other answers. */
export function appealAnswers(receipt: string, overrides: Record<string, unknown> = {}) {
  return {
    fullName: person.fullName,
    email: person.email,
    employeeId: person.employeeId,
    receipt,
    reason: 'Please look again.',
    trueAndComplete: 'yes',
    submissionId: randomUUID(),
    ...overrides,
  };
}

export const catalogLine = (courseId: string, hours: number, completionDate = '2026-10-20') => ({
  courseId,
  startDate: '2026-10-01',
  completionDate,
  hours: String(hours),
});

export function jsonRequest(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** A browser's plain form post, as urlencoded text with bracketed names for rows; `headers` adds to the browser's (a session cookie). */
export function formRequest(path: string, fields: Record<string, unknown>, headers: Record<string, string> = {}): Request {
  const params = new URLSearchParams();
  const add = (name: string, value: unknown) => {
    if (Array.isArray(value)) value.forEach((v, i) => add(`${name}[${i}]`, v));
    else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => add(`${name}[${k}]`, v));
    else if (value !== undefined) params.append(name, String(value));
  };
  Object.entries(fields).forEach(([k, v]) => add(k, v));
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
    body: params.toString(),
  });
}

/** A multipart post with files, as a browser sends a form with file inputs; `headers` adds to it (a session cookie). */
export function multipartRequest(path: string, fields: Record<string, unknown>, accept = 'application/json', headers: Record<string, string> = {}): Request {
  const form = new FormData();
  const add = (name: string, value: unknown) => {
    if (value instanceof File) form.append(name, value);
    else if (Array.isArray(value)) value.forEach((v, i) => add(`${name}[${i}]`, v));
    else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => add(`${name}[${k}]`, v));
    else if (value !== undefined) form.append(name, String(value));
  };
  Object.entries(fields).forEach(([k, v]) => add(k, v));
  return new Request(`http://localhost${path}`, { method: 'POST', headers: { accept, ...headers }, body: form });
}

export const pdf = (name = 'certificate.pdf') =>
  new File(['%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'], name, { type: 'application/pdf' });
export const notReallyPdf = () => new File(['just some text pretending'], 'certificate.pdf', { type: 'application/pdf' });

/** A reimbursement from the PD budget: a conference registration, its receipt attached. */
export function reimbursementAnswers(amount: string, overrides: Record<string, unknown> = {}) {
  return {
    submissionId: randomUUID(),
    expenseType: 'registration',
    courseOrEvent: 'Literacy Summit, County Office of Education',
    paidOn: '2026-11-02',
    amount,
    receipt: pdf('summit-receipt.pdf'),
    trueAndComplete: 'yes',
    ...overrides,
  };
}
