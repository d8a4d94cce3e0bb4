import { tableFor } from './fields.ts';
import { formById } from '../forms/registry.ts';
import { AirtableFailure, type AirtableClient } from './client.ts';
import type { SubmissionStore } from '../store/submissions.ts';
import { act, type ActContext } from '../workflow/act.ts';
import { AIRTABLE_DECISIONS, type AirtableDecisionColumn } from './decision-columns.ts';
import { mainPath, statusLabel, type Action } from '../program/routing.ts';

export interface PullReport {
  applied: { receipt: string; action: Action }[];
  /** Decisions that do not fit the request's status (HR approving before the supervisor did, say). */
  refused: { receipt: string; message: string }[];
  /** Set when Airtable refused or failed a read: the rest waits for the next run. */
  stopped?: AirtableFailure;
}

/**
 * Reads the decision columns and applies whatever is new; a decision already
 * applied is skipped. `pace` runs before every request, so the reads share the
 * drain's 5 requests a second.
 */
export async function pullDecisions(client: AirtableClient, ctx: ActContext, pace?: () => Promise<void>): Promise<PullReport> {
  const report: PullReport = { applied: [], refused: [] };
  for (const formId of [...new Set(AIRTABLE_DECISIONS.map((d) => d.form))]) {
    const columns = AIRTABLE_DECISIONS.filter((d) => d.form === formId);
    let rows: { fields: Record<string, unknown> }[];
    try {
      // Only rows with a decision set: fixed column names, no user input in the formula.
      const formula = `OR(${columns.map((c) => `{${c.column}} != ''`).join(', ')})`;
      rows = await client.listAll(tableFor(formById(formId)!), { filterByFormula: formula, ...(pace ? { beforeRequest: pace } : {}) });
    } catch (error) {
      if (!(error instanceof AirtableFailure)) throw error;
      report.stopped = error;
      return report;
    }
    for (const row of rows) {
      const receipt = row.fields['Receipt'];
      if (typeof receipt !== 'string') continue;
      for (const column of columns) {
        const choice = row.fields[column.column];
        const action = typeof choice === 'string' && Object.hasOwn(column.choices, choice) ? column.choices[choice] : undefined;
        if (!action) continue;
        const result = await applyIfDue(ctx.store, receipt, column, action, row.fields, ctx);
        if (result === 'applied') report.applied.push({ receipt, action });
        else if (result) report.refused.push({ receipt, message: result });
        const said = await sayWhy(client, formId, column, row.fields, result === 'applied' ? null : result, pace);
        if (said) report.refused.push({ receipt, message: said });
      }
    }
  }
  return report;
}

async function applyIfDue(
  store: SubmissionStore,
  receipt: string,
  column: AirtableDecisionColumn,
  action: Action,
  fields: Record<string, unknown>,
  ctx: ActContext,
): Promise<'applied' | string | null> {
  const record = await store.byReceipt(receipt);
  // Not yet synced: the row may still hold a decision from an earlier pass through
  // this step, which the next sync clears. Decide on the row once it is current.
  if (!record || !record.syncedAt) return null;
  if (record.status !== column.appliesTo) {
    const order = mainPath(column.form);
    const at = order.indexOf(record.status);
    // Set too early is worth telling HR; set on a request that has moved on, it was applied before.
    return at !== -1 && at < order.indexOf(column.appliesTo)
      ? `${column.column} is set on ${receipt}, which is ${statusLabel(record.status).toLowerCase()}`
      : null;
  }
  const comment = column.commentColumn ? fields[column.commentColumn] : undefined;
  const hours = column.hoursColumn ? fields[column.hoursColumn] : undefined;
  // Hours are read only with the choice that approves fewer; a number left from before means nothing to the others.
  const approvedHours = action === 'reduce' ? (typeof hours === 'number' ? hours : undefined) : undefined;
  if (action === 'reduce' && approvedHours === undefined) {
    const choice = Object.keys(column.choices).find((c) => column.choices[c] === 'reduce') ?? 'Approve fewer hours';
    const what = record.facts.reimbursement ? 'the amount' : 'the hours';
    return `${column.column} is "${choice}" on ${receipt}: enter ${what} approved in ${column.hoursColumn ?? 'the hours column'}`;
  }
  // A reimbursement's column holds dollars, a claim's hours.
  const approved = approvedHours === undefined ? {} : record.facts.reimbursement ? { approvedAmount: approvedHours } : { approvedHours };
  const result = await act({ receipt, action, by: column.role, ...(typeof comment === 'string' ? { comment } : {}), ...approved }, ctx);
  return result.ok ? 'applied' : result.message;
}

/**
 * Writes why a decision could not be applied into the record's error column, or
 * clears it once the decision is applied; only when that changes what it says,
 * so a decision left as it is costs no request on the next run. A failure to
 * write is returned, not thrown: the decision itself is the report's business.
 */
async function sayWhy(
  client: AirtableClient,
  formId: string,
  column: AirtableDecisionColumn,
  fields: Record<string, unknown>,
  message: string | null,
  pace?: () => Promise<void>,
): Promise<string | null> {
  if (!column.errorColumn) return null;
  const shown = typeof fields[column.errorColumn] === 'string' ? (fields[column.errorColumn] as string) : '';
  if (shown === (message ?? '') || typeof fields['Submission ID'] !== 'string') return null;
  try {
    await pace?.();
    await client.upsert(tableFor(formById(formId)!), [{ 'Submission ID': fields['Submission ID'], [column.errorColumn]: message }]);
    return null;
  } catch (error) {
    if (!(error instanceof AirtableFailure)) throw error;
    return `${column.errorColumn} could not be written: ${error.message}`;
  }
}
