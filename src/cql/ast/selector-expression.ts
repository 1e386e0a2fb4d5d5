import type { CastSelector } from './cast-selector.js';
import type { ColumnSelector } from './column-selector.js';
import type { CountRowsSelector } from './count-rows-selector.js';
import type { FunctionSelector } from './function-selector.js';
import type { TermSelector } from './term-selector.js';

/** What one item of a SELECT clause computes. */
export type SelectorExpression = ColumnSelector | CountRowsSelector | FunctionSelector | CastSelector | TermSelector;
