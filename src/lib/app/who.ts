import type { StaffMember } from '../identity/roster.ts';
import type { SubmitDeps } from './submit.ts';
import { askingOf, signInRedirect, type Asking } from './sign-in.ts';

/**
 * The roster person behind a request to a page that needs sign-in, or the
 * answer that sends them to sign in first (and back here afterwards).
 */
export async function whoIsAsking(request: Request, deps: SubmitDeps, asking: Asking = askingOf(request, deps)): Promise<StaffMember | Response> {
  const signedIn = await asking();
  return signedIn ? signedIn.person : signInRedirect(request);
}
