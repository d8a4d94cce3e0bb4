import { toCsv } from './csv.ts';
import type { Measures } from './measures.ts';

/**
 * Who has not completed each required training this fiscal year: one row per person and training.
 * Only the header without the site's store (`m.fromStore`): the report says so rather than write it.
 */
export function missingTrainingCsv(m: Measures): string {
  const rows = (m.fromStore?.requiredTraining.trainings ?? []).flatMap((t) =>
    t.missing.map((p) => ({
      Training: t.courseId,
      'Training title': t.title,
      'Employee ID': p.employeeId,
      Name: p.name,
      Site: p.site,
      'Employee group': p.group,
    })),
  );
  return toCsv(['Training', 'Training title', 'Employee ID', 'Name', 'Site', 'Employee group'], rows);
}

/** Clock hours per person this fiscal year, for certification. */
export function clockHoursCsv(m: Measures): string {
  const rows = (m.fromStore?.clockHours ?? []).map((p) => ({
    'Employee ID': p.employeeId,
    Name: p.name,
    Site: p.site,
    Completions: p.completions,
    'Clock hours': p.clockHours,
    'Licence-renewal clock hours': p.renewalClockHours,
    'Salary-lane clock hours': p.salaryLaneClockHours,
  }));
  return toCsv(['Employee ID', 'Name', 'Site', 'Completions', 'Clock hours', 'Licence-renewal clock hours', 'Salary-lane clock hours'], rows);
}
