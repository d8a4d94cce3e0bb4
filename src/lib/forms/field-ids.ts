/**
 * Names and ids the server's markup and the browser script agree on. Nothing
 * here imports a schema: the form pages' script uses it without shipping zod.
 */

/** The id of the input a field's error links to. */
export function inputId(field: string): string {
  return `f-${field.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** A field people never see; software that fills every field gives itself away. */
export const HONEYPOT = 'website';

/** The hidden field that makes sending a form twice one submission. */
export const SUBMISSION_ID = 'submissionId';
