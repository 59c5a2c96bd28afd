/**
 * @file The webview registry: every view with its title and body markup, one line each. The
 * extension's panels and the CLI's HTML reports both build their pages from this table; a view's
 * script and styles are bundled from `webview/<id>/main.ts` to `dist/webview/<id>.js` and `.css`.
 * Plain data with no DOM use, so Node code (host, CLI) imports it too.
 */
import { COPYING_BODY } from './copying/body';
import { DEPENDENCIES_BODY } from './dependencies/body';
import { INSPECT_BODY } from './inspect/body';
import { KRONECKER_BODY } from './kronecker/body';
import { LORA_BODY } from './lora/body';
import { MOE_SWEEP_BODY } from './moeSweep/body';
import { PARITY_BODY } from './parity/body';
import { POSITIONS_BODY } from './positions/body';
import { PROBE_BODY } from './probe/body';
import { REMAINING_BODY } from './remaining/body';
import { ROUTING_BODY } from './routing/body';
import { SCALING_BODY } from './scaling/body';
import { SERVING_BODY } from './serving/body';
import { SURPRISAL_BODY } from './surprisal/body';
import { TABULAR_BODY } from './tabular/body';
import { TREES_BODY } from './trees/body';
import { TURING_BODY } from './turing/body';

/** One view: its page title and the containers its script draws into. */
export interface ViewSpec {
  readonly title: string;
  readonly body: string;
}

/** Every view, by id (the bundle name under `dist/webview`). */
export const VIEWS = {
  surprisal: { title: 'Surprisal', body: SURPRISAL_BODY },
  dependencies: { title: 'Attention-Sparsity Map', body: DEPENDENCIES_BODY },
  trees: { title: 'Decision-Tree Trace', body: TREES_BODY },
  lora: { title: 'LoRA Composition', body: LORA_BODY },
  positions: { title: 'Position IDs', body: POSITIONS_BODY },
  probe: { title: 'Length Generalization Probe', body: PROBE_BODY },
  scaling: { title: 'Scaling Laws', body: SCALING_BODY },
  serving: { title: 'Serving Simulation', body: SERVING_BODY },
  remaining: { title: 'Remaining Length', body: REMAINING_BODY },
  kronecker: { title: 'Kronecker Preconditioner', body: KRONECKER_BODY },
  parity: { title: 'Sparse Parity Frontier', body: PARITY_BODY },
  tabular: { title: 'MLP vs Trees', body: TABULAR_BODY },
  copying: { title: 'Copy & Lookup Probe', body: COPYING_BODY },
  moeSweep: { title: 'Memorization vs Reasoning', body: MOE_SWEEP_BODY },
  routing: { title: 'Expert Routing', body: ROUTING_BODY },
  turing: { title: 'Turing-Program Scratchpad', body: TURING_BODY },
  inspect: { title: 'Model File', body: INSPECT_BODY },
} as const satisfies Readonly<Record<string, ViewSpec>>;

/** The id of a view. */
export type ViewId = keyof typeof VIEWS;
