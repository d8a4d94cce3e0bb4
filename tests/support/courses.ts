import { readCourseFiles } from '../../src/lib/catalog/files.ts';
import { courseSchemaFor } from '../../src/lib/catalog/schema.ts';
import { repoProgram } from '../../support/program.ts';

/** A course file's front matter with only what every course must say: one that counts for the classified incentive. */
export const MINIMAL_COURSE = {
  code: 'CV-1101',
  title: 'First Aid and CPR',
  provider: 'Cedar Valley Health Services',
  category: 'health-safety',
  hours: 6,
  delivery: 'in-person',
  audience: 'all',
  countsFor: ['classified-incentive'],
  summary: 'Learn to respond to emergencies at school.',
};

/**
 * The catalog as the repository gives it: its settings, the course schema they make
 * (the build's and the functions'), and its course files read and checked as the
 * functions read them.
 */
export function repoCatalog() {
  const program = repoProgram();
  const schema = courseSchemaFor(program);
  return {
    program,
    schema,
    files: () => readCourseFiles(program),
    /** The paths of the fields a course's front matter is refused at: none when it is accepted. */
    errorPaths: (input: unknown): string[] => schema.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? [],
  };
}
