/**
 * `value`, which the code around it guarantees is there (a guard set it, a read just found it,
 * the branch already checked it): a broken guarantee fails here, naming what was missing, rather
 * than as a TypeError further on. The replacement for a non-null assertion (`!`).
 */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`Expected ${what}, found none`);
  return value;
}
