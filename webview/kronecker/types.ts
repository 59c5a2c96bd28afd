/** @file The result the Kronecker panel draws (provisional: the brief's shape until src/shared/kronecker.ts lands). */

/** One layer's result. */
export interface KronLayer {
  readonly name: string;
  readonly m: number;
  readonly n: number;
  readonly count: number;
  readonly cosOptimal: number;
  readonly cosShampooSquared: number;
  readonly cosShampoo: number;
  readonly powerSteps: readonly number[];
  readonly hNorm: { readonly value: number; readonly exact: boolean; readonly stderr?: number | undefined };
  readonly spectra: { readonly l: readonly number[]; readonly r: readonly number[] };
}

/** The whole result. */
export interface KronResult {
  readonly source: string;
  readonly labels?: 'sampled' | 'true' | undefined;
  readonly layers: readonly KronLayer[];
}
