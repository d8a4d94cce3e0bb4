import type { Config } from '@netlify/functions';
import { html } from '../../src/lib/http/answers.ts';
import { receiptNotFoundPage, receivedPage } from '../../src/lib/app/form-pages.ts';
import { formById } from '../../src/lib/forms/registry.ts';
import { runtimeDeps, unavailable } from '../../src/lib/app/runtime.ts';
import { normaliseReceipt } from '../../src/lib/forms/receipt-format.ts';

/** The confirmation page after a form is sent: shows the receipt it was given. */
export default async (request: Request): Promise<Response> => {
  try {
    const { program, store } = await runtimeDeps();
    const typed = new URL(request.url).searchParams.get('receipt') ?? '';
    const record = typed ? await store.byReceipt(normaliseReceipt(typed)) : null;
    const form = record && formById(record.form);
    if (!record || !form) return html(404, receiptNotFoundPage(program));
    return html(200, receivedPage(program, form, record));
  } catch (error) {
    console.error('received: could not read a receipt', error);
    return unavailable();
  }
};

export const config: Config = { path: ['/forms/received', '/forms/received/'], method: 'GET' };
