import { beforeEach, describe, expect, it } from 'vitest';
import { appeal } from '../../src/lib/forms/appeal.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { appealAnswers, jsonRequest, multipartRequest, pdf, preApprovalAnswers } from '../../support/submissions.ts';
import { receiptOf, signedInEachTest } from '../support/send.ts';

/** What the district's paper forms ask, the site's forms ask too: the attestation, an appeal's decision date and documents. */
const world = signedInEachTest();
const { send } = world;
let store: SubmissionStore;
beforeEach(() => ({ store } = world));

describe('the attestation that a request is true and complete', () => {
  it('is required on a pre-approval request and an appeal', async () => {
    const request = await send(
      preApproval,
      jsonRequest('/api/forms/pre-approval', preApprovalAnswers({ startDate: '2026-12-01', trueAndComplete: undefined })),
    );
    expect(request.status).toBe(422);
    expect(await request.json()).toMatchObject({
      errors: [{ field: 'trueAndComplete', message: 'Confirm that the information in this request is true and complete' }],
    });
    const appealed = await send(appeal, jsonRequest('/api/forms/appeal', appealAnswers('PA-7K2M9Q4XAB', { trueAndComplete: undefined })));
    expect(await appealed.json()).toMatchObject({ errors: expect.arrayContaining([{ field: 'trueAndComplete', message: expect.any(String) }]) });
  });
});

describe('an appeal', () => {
  it('carries the date of the decision it appeals, and its supporting documents', async () => {
    const denied = await receiptOf(await send(preApproval, jsonRequest('/api/forms/pre-approval', preApprovalAnswers({ startDate: '2026-12-01' }))));
    await store.setStatus(denied, 'denied', '2026-11-20');
    const response = await send(appeal, multipartRequest('/api/forms/appeal', appealAnswers(denied, { documents: pdf('letter.pdf') })));
    expect(response.status).toBe(201);
    const stored = (await store.byReceipt(await receiptOf(response)))!;
    expect(stored.facts).toMatchObject({ refersTo: denied, appealedDecisionOn: '2026-11-20', summary: `Appeal of ${denied}, denied on November 20, 2026` });
    expect(stored.files).toEqual([expect.objectContaining({ field: 'documents', name: 'letter.pdf', type: 'application/pdf' })]);
  });
});
