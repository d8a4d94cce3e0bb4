/** What a receipt looks like, and how a typed one is read: shared by the server and the forms' browser checks. */
export const RECEIPT_PATTERN = /^[A-Z]{2}-[0-9A-HJKMNP-TV-Z]{10}$/;

/** Normalises what a person typed: case, spaces, and the letters Crockford's alphabet reads as digits. */
export function normaliseReceipt(typed: string): string {
  const upper = typed.trim().toUpperCase().replace(/\s+/g, '');
  const [prefix, code] = upper.includes('-') ? upper.split('-', 2) : [upper.slice(0, 2), upper.slice(2)];
  return `${prefix}-${(code ?? '').replace(/O/g, '0').replace(/[IL]/g, '1')}`;
}
