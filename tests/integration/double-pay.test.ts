import { beforeEach, describe, expect, it } from 'vitest';
import { compensation } from '../../src/lib/forms/compensation.ts';
import { preApproval } from '../../src/lib/forms/pre-approval.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { catalogLine, compensationAnswers, multipartRequest, pdf, preApprovalAnswers } from '../../support/submissions.ts';
import { errorsOf, receiptOf, signedInEachTest, type Who } from '../support/send.ts';

/**
 * The program pays for a course completion once: the same catalog course completed on
 * the same day, or the same pre-approval, cannot be claimed twice, and a pre-approved
 * course is paid for no more hours than were approved.
 */
const world = signedInEachTest();
const { send } = world;
let store: SubmissionStore;
beforeEach(() => ({ store } = world));

const claim = (lines: Record<string, unknown>[], who: Who = 'ana') =>
  send(compensation, multipartRequest('/api/forms/compensation', compensationAnswers(lines)), who);

async function approvedPreApproval(hours = 12): Promise<string> {
  const receipt = await receiptOf(await send(preApproval, preApprovalAnswers({ startDate: '2026-12-01', hours: String(hours) })));
  await store.setStatus(receipt, 'approved', '2026-10-01');
  return receipt;
}
const offCatalog = (receipt: string, hours: number, completionDate = '2026-11-02') => ({
  preApprovalReceipt: receipt,
  startDate: '2026-10-05',
  completionDate,
  hours: String(hours),
  evidence: pdf(),
});

describe('a course completion', () => {
  it('is paid once: the same catalog course completed the same day cannot be claimed again', async () => {
    const first = await claim([catalogLine('first-aid-and-cpr-certification', 6)]);
    expect(first.status).toBe(201);
    const again = await claim([catalogLine('first-aid-and-cpr-certification', 6)]);
    expect(again.status).toBe(422);
    expect(await errorsOf(again)).toEqual([
      {
        field: 'lines.0.completionDate',
        message: `Course 1: this course, completed on that date, is already claimed in ${await receiptOf(first)}; a completion is paid once`,
      },
    ]);
    expect(await store.list('compensation')).toHaveLength(1);
  });

  it('may be the same course completed on another day, or claimed by another person', async () => {
    expect((await claim([catalogLine('first-aid-and-cpr-certification', 6)])).status).toBe(201);
    expect((await claim([catalogLine('first-aid-and-cpr-certification', 6, '2026-11-03')])).status).toBe(201);
    expect((await claim([catalogLine('first-aid-and-cpr-certification', 6)], '104235')).status).toBe(201);
  });

  it('is listed once in a claim', async () => {
    const errors = await errorsOf(await claim([catalogLine('first-aid-and-cpr-certification', 6), catalogLine('first-aid-and-cpr-certification', 6)]));
    expect(errors).toContainEqual({ field: 'lines.1.completionDate', message: 'Course 2: the same as course 1; list each completion once' });
  });

  it('can be claimed again once the claim that held it is denied or withdrawn', async () => {
    const first = await receiptOf(await claim([catalogLine('first-aid-and-cpr-certification', 6)]));
    await store.setStatus(first, 'withdrawn');
    expect((await claim([catalogLine('first-aid-and-cpr-certification', 6)])).status).toBe(201);
  });

  it('sent in two claims at the same moment is never stored twice', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => claim([catalogLine('first-aid-and-cpr-certification', 6)])));
    expect(answers.filter((a) => a.status === 201).length).toBeLessThanOrEqual(1);
    const standing = await store.list('compensation');
    expect(standing.length).toBeLessThanOrEqual(1);
    // Whatever was refused at once can be sent again: nothing of it was left holding the course.
    if (standing.length === 0) expect((await claim([catalogLine('first-aid-and-cpr-certification', 6)])).status).toBe(201);
  });
});

describe('a pre-approval', () => {
  it('is claimed once', async () => {
    const receipt = await approvedPreApproval();
    const first = await claim([offCatalog(receipt, 6)]);
    expect(first.status).toBe(201);
    const again = await errorsOf(await claim([offCatalog(receipt, 6, '2026-11-03')]));
    expect(again).toEqual([
      {
        field: 'lines.0.preApprovalReceipt',
        message: `Course 1: this pre-approval is already claimed in ${await receiptOf(first)}; a completion is paid once`,
      },
    ]);
  });

  it('pays no more hours than the supervisor approved', async () => {
    const receipt = await approvedPreApproval(6);
    const errors = await errorsOf(await claim([offCatalog(receipt, 12)]));
    expect(errors).toContainEqual({ field: 'lines.0.hours', message: 'Course 1: the pre-approval is for 6 hours; claim 6 hours or fewer for it' });
    expect((await claim([offCatalog(receipt, 6)])).status).toBe(201);
  });
});
