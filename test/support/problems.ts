import { InputError } from '../../lib/errors';

/** The one-line problems (`<path>: <message>`) of the InputError `fn` throws; fails when it throws none. */
export function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.problems.map(p => `${p.path}: ${p.message}`);
    throw e;
  }
  throw new Error('expected an InputError');
}
