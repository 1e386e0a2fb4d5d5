/**
 * Valid CQL that Sibyl does not build yet is an InvalidRequestError naming the feature (not a
 * syntax error: the text is right, the server is not there yet).
 */

import { InvalidRequestError } from '../../lib/errors.js';

/** `subject` ends with its verb: `unsupported('Tuples in a selection are')`. */
export function unsupported(subject: string): InvalidRequestError {
  return new InvalidRequestError(`${subject} not supported yet`);
}
