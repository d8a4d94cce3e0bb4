import { createHmac } from 'node:crypto';
import { secret } from '../http/deployment.ts';

// Crockford's base32: no I, L, O or U, so a receipt read over the phone is not misheard.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * "PA-7K2M9Q4XAB": a form's prefix and 50 bits of a keyed hash of the submission's
 * ID. The same submission always gets the same receipt, even when two copies of it
 * are stored at the same moment; without the key (RECEIPT_SECRET) a receipt cannot
 * be worked out, and the IDs pages generate are random anyway.
 */
export function receiptFor(prefix: string, form: string, id: string, key = secret('RECEIPT_SECRET')): string {
  const bytes = createHmac('sha256', key).update(`${form}:${id}`).digest().subarray(0, 10);
  let code = '';
  for (const byte of bytes) code += ALPHABET[byte & 31];
  return `${prefix}-${code}`;
}
