/**
 * Cassandra's MarshalException: text that is not a value of the type. It reaches clients as an
 * Invalid error with the same message, except under INSERT JSON, which rewords it as
 * "Error decoding JSON value for <column>: <message>"; so the JSON code must tell it apart
 * from other Invalid errors (Duration's, for one, are plain InvalidRequestExceptions).
 */

import { InvalidRequestError } from '../../lib/errors.js';

export class MarshalError extends InvalidRequestError {}
