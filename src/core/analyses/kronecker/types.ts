/**
 * @file Per-example gradients of one layer, the input of the Kronecker analysis (Shampoo's preconditioner against
 * the optimal Kronecker approximation of H = Σ vec(G_i) vec(G_i)ᵀ, with vec in row-major order).
 */

/**
 * The gradients G_1…G_count of one m × n weight (m outputs, n inputs), in one of two layouts:
 * - `rank1`: G_i = u_i v_iᵀ, as for one token through a linear layer (u: the gradient at the layer's output,
 *   count × m row-major; v: the layer's input, count × n row-major);
 * - `dense`: the matrices themselves, count × m × n row-major.
 */
export type GradientStack =
  | {
      kind: 'rank1';
      /** The layer's name (`output`, or a zoo model's layer such as `fc1`; a file's tensor name). */
      name: string;
      m: number;
      n: number;
      count: number;
      u: Float64Array;
      v: Float64Array;
    }
  | {
      kind: 'dense';
      name: string;
      m: number;
      n: number;
      count: number;
      data: Float64Array;
    };

/** Where labels come from: sampled from the model (Gauss–Newton) or the text's next token (empirical Fisher). */
export type LabelSource = 'sampled' | 'true';

/** One layer a model offers to the analysis: its name and the shape of its weight (m outputs × n inputs). */
export interface LayerInfo {
  name: string;
  m: number;
  n: number;
}
