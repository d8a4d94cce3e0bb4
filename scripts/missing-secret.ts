// Not a script of its own: the ending the operator scripts share.
import { MissingSecret } from '../src/lib/http/deployment.ts';

/**
 * A script's exit code: what its `main` returns, or 2 when the deployed site's store or
 * mail lacks a variable, with the message naming it (not a stack trace). Any other
 * failure is thrown on, as the script would throw it.
 */
export async function exitCodeOf(main: () => Promise<number>): Promise<number> {
  try {
    return await main();
  } catch (error) {
    if (!(error instanceof MissingSecret)) throw error;
    console.error(error.message);
    return 2;
  }
}
