/** The results schema lives in shared/results/schema.ts (runner and reports both read it). */
export * from '../../shared/results/schema.js';
