/**
 * A command line `sibyl stress` cannot run: printed as one line with the usage, exit 2,
 * never as a stack trace. Every option parser throws this for bad input.
 */

export class StressUsageError extends Error {
  override readonly name = 'StressUsageError';
}
