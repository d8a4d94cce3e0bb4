import type { SubmitDeps } from '../src/lib/app/submit.ts';
import { newSession, sealSession, SESSION_COOKIE } from '../src/lib/identity/session.ts';

/**
 * Signed-in requests for tests: the session cookie a person gets at the end of
 * signing in (the sign-in tests go through the real flows; the others start here).
 */
export async function sessionFor(deps: SubmitDeps, employeeId: string): Promise<string> {
  const member = (await deps.roster()).byId(employeeId);
  if (!member) throw new Error(`${employeeId} is not on the sample roster`);
  const sealed = await sealSession(newSession(member, 'email', deps.now().getTime()), deps.sessionSecret);
  return `${SESSION_COOKIE}=${sealed}`;
}

/** The same request, sent with a person's session cookie. */
export function as(cookie: string, request: Request): Request {
  const signed = new Request(request);
  signed.headers.set('cookie', cookie);
  return signed;
}

/** People of the sample roster (content/staff.csv) the tests act as. */
export const STAFF = {
  /** A permanent classified paraeducator: the usual requester. */
  ana: '104233',
  /** Ana's principal: her supervisor and evaluator. */
  sam: '200101',
  /** A probationary aide at the same school, also supervised by Sam. */
  kevin: '104234',
  /** A certificated teacher, evaluated by Priya Shah. */
  jordan: '300412',
  priya: '200107',
  /** HR's program coordinator (program.yaml hrStaff). */
  dana: '100010',
} as const;
