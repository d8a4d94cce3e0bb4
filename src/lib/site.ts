import { loadProgram } from './program/settings.ts';

/** Program settings, read once per build for every page. */
export const program = loadProgram();
