/**
 * How a failed operation is counted: by Cassandra error code and name when the server answered
 * with an error (`0x1100 WriteTimeout`; the driver's and Sibyl's errors carry `.code`), by the
 * error's name otherwise (a client-side timeout, no host available).
 */

import { CqlErrorCode } from '../../../lib/errors.js';

const NAME_BY_CODE = new Map<number, string>(
  Object.entries(CqlErrorCode).map(([name, code]) => [code, name.charAt(0).toUpperCase() + name.slice(1)]),
);

export function errorKeyOf(error: unknown): string {
  // The driver's NoHostAvailableError holds what each host answered: the server's error is the news.
  const inner = (error as { innerErrors?: unknown } | null)?.innerErrors;
  if (typeof inner === 'object' && inner !== null) {
    const first: unknown = Object.values(inner)[0];
    if (first !== undefined) return errorKeyOf(first);
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number') {
    return `0x${code.toString(16).padStart(4, '0')} ${NAME_BY_CODE.get(code) ?? 'Unknown'}`;
  }
  if (error instanceof Error) return error.name === 'Error' ? `Error: ${firstLine(error.message)}` : error.name;
  return `Error: ${String(error)}`;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
