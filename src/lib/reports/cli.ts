import { AirtableFailure } from '../airtable/client.ts';

/**
 * Runs one of HR's report tools: its exit code, or 1 with a plain message when
 * the data cannot be read (Airtable refusing, a half-set configuration), never
 * a stack trace.
 */
export async function runTool(main: () => Promise<number>): Promise<number> {
  try {
    return await main();
  } catch (error) {
    const message = error instanceof AirtableFailure ? `Airtable refused: ${error.message}.` : (error as Error).message;
    console.error(`The report could not be made. ${message}`);
    return 1;
  }
}
