/** @file A small dependencies result for the view tests: fixed header fields, the rest given by each test. */
import type { DependenciesResult } from '../../../src/shared/dependencies';

/** The fields every test result shares. */
const HEADER = {
  model: 'm',
  device: 'cpu',
  source: 'a.ts',
  methods: ['attention'],
  aggregate: 'attention rollout (Abnar & Zuidema 2020): R = A…',
  p: 0.9,
  k: 2,
  kBins: [1, 2],
} as const;

/** A result of `fields` over the shared header fields. */
export function dependenciesResult(
  fields: Pick<DependenciesResult, 'window' | 'layers' | 'heads' | 'tokens'> & Partial<DependenciesResult>,
): DependenciesResult {
  return { ...HEADER, methods: [...HEADER.methods], kBins: [...HEADER.kBins], ...fields };
}
