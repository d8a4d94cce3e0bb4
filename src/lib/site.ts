import { loadProgram } from './program/settings.ts';

/** Program settings, read once per build for every page. */
export const program = loadProgram();

export const NAV = [
  { href: '/', label: 'Home' },
  { href: '/handbook/', label: 'Handbook' },
  { href: '/courses/', label: 'Course catalog' },
  { href: '/policies/', label: 'Board policies' },
] as const;
