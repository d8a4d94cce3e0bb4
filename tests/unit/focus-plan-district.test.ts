import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lastCheckpointFor, TRACKS } from '../../src/lib/forms/focus-plan.ts';
import { repoProgram } from '../../support/program.ts';

const program = repoProgram();
/** Straight and curly apostrophes read the same. */
const plain = (text: string) => text.replaceAll('’', "'");

describe('the focus plan as the district describes it', () => {
  it('offers the tracks in the district’s own words', () => {
    expect(TRACKS.map((t) => t.label)).toEqual([
      'Learner: building your own knowledge before leading others',
      'Contributor: giving input on a plan or resource still being developed',
      'Designer: applying what you learned, and how you learned it, to your school’s context',
    ]);
  });

  it('defines each track in the handbook and in policy 4330 with the words the form offers', () => {
    const handbook = plain(readFileSync('content/handbook/forms.md', 'utf8'));
    const policy = plain(readFileSync('content/policies/4330.md', 'utf8'));
    for (const { label } of TRACKS) {
      const definition = plain(label.slice(label.indexOf(': ') + 2));
      expect(handbook, label).toContain(`${definition}.`);
      expect(policy, label).toContain(`${definition}.`);
    }
  });

  it('lets a plan sent in the autumn set its checkpoint up to the district’s last checkpoint date of the spring', () => {
    expect(lastCheckpointFor('2026-11-24', program)).toBe('2027-05-11');
    expect(lastCheckpointFor('2026-04-27', program)).toBe('2026-05-11');
  });

  it('gives a plan sent too late for this spring’s last checkpoint date the next one', () => {
    // Sent on April 30, a plan has no time before May 11: its checkpoint can be next school year's.
    expect(lastCheckpointFor('2027-04-30', program)).toBe('2028-05-11');
  });

  it('follows the district’s own last checkpoint date', () => {
    const june = { ...program, focusPlan: { ...program.focusPlan, lastCheckpointDate: { month: 6, day: 4 } } };
    expect(lastCheckpointFor('2026-11-24', june)).toBe('2027-06-04');
  });
});
