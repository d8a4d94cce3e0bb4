import type { Roster } from '../identity/roster.ts';
import type { Program } from '../program/settings.ts';
import { CompletionStore, type Completion } from '../store/completions.ts';
import type { SubmissionStore } from '../store/submissions.ts';
import { budgetsFor, type BudgetSummary } from '../workflow/budget.ts';

export interface StoredMeasureData {
  /** This fiscal year and the two before. */
  completions: { fiscalYear: number; completions: Completion[] }[];
  budgets: Map<string, BudgetSummary>;
}

/**
 * What the measures read from the site's store rather than Airtable: completions (the bulk,
 * kept there, ARCHITECTURE.md "Where records live") and each active person's PD budget.
 */
export async function readStoredMeasureData(store: SubmissionStore, program: Program, roster: Roster, fiscalYear: number): Promise<StoredMeasureData> {
  const completionStore = new CompletionStore(store.blobStore, program);
  const years = [fiscalYear - 2, fiscalYear - 1, fiscalYear];
  const [completions, budgets] = await Promise.all([
    Promise.all(years.map(async (y) => ({ fiscalYear: y, completions: await completionStore.inFiscalYear(y, program) }))),
    budgetsFor(store, program, roster, fiscalYear),
  ]);
  return { completions, budgets };
}
