// The write path's cost in process: parse + validate + rules + durable queue (Netlify's local Blobs server).
// Usage: npm run bench:handlers [-- 500]
import { randomUUID } from 'node:crypto';
import { appeal } from '../src/lib/forms/appeal.ts';
import { compensation } from '../src/lib/forms/compensation.ts';
import { exitSurvey } from '../src/lib/forms/exit-survey.ts';
import { checkpoint, focusPlan } from '../src/lib/forms/focus-plan.ts';
import type { AnyForm } from '../src/lib/forms/form.ts';
import { preApproval } from '../src/lib/forms/pre-approval.ts';
import { handleSubmission } from '../src/lib/app/submit.ts';
import { startBlobs, testDeps } from '../support/blobs.ts';
import { catalogLine, compensationAnswers, jsonRequest, multipartRequest, pdf, person, preApprovalAnswers } from '../support/submissions.ts';

const runs = Number(process.argv[2] ?? 500);
const blobs = await startBlobs();
const deps = testDeps(blobs.store);

async function receiptOf(form: AnyForm, body: Record<string, unknown>): Promise<string> {
  const response = await handleSubmission(jsonRequest(`/api/forms/${form.id}`, body), form, deps);
  return ((await response.json()) as { receipt: string }).receipt;
}

// Records the rules look up: a denied request to appeal, a plan to report on.
const denied = await receiptOf(preApproval, preApprovalAnswers());
await blobs.store.setStatus(denied, 'denied', '2026-11-20');
const plan = {
  fullName: person.fullName,
  email: person.email,
  employeeId: person.employeeId,
  site: person.site,
  evaluatorName: 'Priya Shah',
  evaluatorEmail: 'priya.shah@cedarvalley.example',
  track: 'learner',
  areaOfGrowth: 'Questioning',
  smartGoal: 'Ask more open questions by May.',
  actionSteps: 'Observe, plan, try.',
  resources: 'Coach.',
  checkpointDate: '2027-05-15',
};
const planReceipt = await receiptOf(focusPlan, plan);

let employee = 700000;
const cases: [string, AnyForm, () => Request][] = [
  ['pre-approval (JSON)', preApproval, () => jsonRequest('/api/forms/pre-approval', preApprovalAnswers())],
  // A new employee each time, so the yearly cap never refuses the claim being measured.
  [
    'compensation (multipart, 1 file)',
    compensation,
    () =>
      multipartRequest(
        '/api/forms/compensation',
        compensationAnswers([catalogLine('first-aid-and-cpr-certification', 6)], { employeeId: String(++employee), permitHolder: 'yes', growthPlan: pdf() }),
      ),
  ],
  [
    'exit survey (JSON)',
    exitSurvey,
    () =>
      jsonRequest('/api/forms/exit-survey', {
        courseId: 'first-aid-and-cpr-certification',
        satisfaction: '5',
        relevance: '4',
        willUse: '4',
        anonymous: 'yes',
        submissionId: randomUUID(),
      }),
  ],
  [
    'appeal (JSON)',
    appeal,
    () =>
      jsonRequest('/api/forms/appeal', {
        fullName: person.fullName,
        email: person.email,
        employeeId: person.employeeId,
        receipt: denied,
        reason: 'Only course offered.',
        submissionId: randomUUID(),
      }),
  ],
  ['focus plan (JSON)', focusPlan, () => jsonRequest('/api/forms/focus-plan', { ...plan, submissionId: randomUUID() })],
  [
    'checkpoint (multipart, 1 file)',
    checkpoint,
    () =>
      multipartRequest('/api/forms/focus-plan-checkpoint', {
        fullName: person.fullName,
        email: person.email,
        employeeId: person.employeeId,
        planReceipt,
        progress: 'Good.',
        evidence: 'Notes.',
        evidenceFile: pdf(),
        nextStep: 'close',
        submissionId: randomUUID(),
      }),
  ],
  [
    'pre-approval refused (422, nothing stored)',
    preApproval,
    () => jsonRequest('/api/forms/pre-approval', preApprovalAnswers({ email: 'nope', hours: 'six' })),
  ],
];

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const rows = [];
for (const [name, form, request] of cases) {
  for (let i = 0; i < 20; i++) await handleSubmission(request(), form, deps); // warm-up
  const times: number[] = [];
  let status = 0;
  for (let i = 0; i < runs; i++) {
    const req = request();
    const started = performance.now();
    const response = await handleSubmission(req, form, deps);
    await response.arrayBuffer();
    times.push(performance.now() - started);
    status = response.status;
  }
  times.sort((a, b) => a - b);
  rows.push({ form: name, status, runs, 'p50 ms': pct(times, 50).toFixed(2), 'p95 ms': pct(times, 95).toFixed(2), 'max ms': times.at(-1)!.toFixed(2) });
}
await blobs.stop();
console.log(`\nIn-process cost of one submission: parse + validate + rules + queue into Blobs (local Blobs server on loopback)`);
console.table(rows);
