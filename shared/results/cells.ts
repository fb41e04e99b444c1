/**
 * Facts about summary cells that the runner's summariser and the reports must agree on:
 * the stack every ratio is measured against, and the coefficient of variation above which
 * a cell is noisy.
 */

/** The stack every `ratioToBaseline` is measured against. */
export const BASELINE_STACK = 'node-http';

/** A cell whose req/s varies more than this across rounds is flagged `noisy`. */
export const NOISY_CV = 0.1;

/** Fewer paired rounds than this and a paired interval says nothing: reports show the count instead. */
export const MIN_PAIRS = 3;
