/** A command-line option's value as a positive integer, or an error naming the option. */
export function positiveInteger(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${option} needs a positive integer, got "${text}"`);
  return value;
}
