/**
 * @file Categorical colours the views and the editor share: Tableau 10, readable on light and dark themes.
 */

/** Tableau 10, in its order. */
export const TABLEAU_10 = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
] as const;
