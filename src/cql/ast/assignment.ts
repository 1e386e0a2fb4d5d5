import type { AssignmentOperation } from './assignment-operation.js';
import { nodeCompanion } from './node-companion.js';

/** One item of an UPDATE's SET clause. */
export interface Assignment {
  readonly kind: 'Assignment';
  readonly column: string;
  readonly operation: AssignmentOperation;
}

export const Assignment = nodeCompanion<Assignment>('Assignment');
