/**
 * @file The extension host's registry of toolkits: one line per toolkit. How to add an analysis is
 * written at the top of `src/engine/registry.ts`; here a toolkit adds its `HostToolkit`.
 */
import { copyingHost } from './copying/index';
import { dependenciesHost } from './dependencies/index';
import { inspectHost } from './inspect/index';
import { kroneckerHost } from './kronecker/index';
import { lensHost } from './lens/index';
import { loraHost } from './lora/index';
import { moeSweepHost } from './moeSweep/index';
import { parityHost } from './parity/index';
import { positionsHost } from './positions/index';
import { remainingHost } from './remaining/index';
import { remoteHost } from './remote/index';
import { routingHost } from './routing/index';
import { scalingHost } from './scaling/index';
import { servingHost } from './serving/index';
import { surprisalHost } from './surprisal/index';
import type { HostToolkit } from './toolkit';
import { tourHost } from './tour/index';
import { treesHost } from './trees/index';
import { turingHost } from './turing/index';

/** Every host toolkit. */
export const HOST_TOOLKITS: readonly HostToolkit[] = [
  lensHost,
  surprisalHost,
  dependenciesHost,
  positionsHost,
  loraHost,
  treesHost,
  scalingHost,
  servingHost,
  remainingHost,
  kroneckerHost,
  parityHost,
  copyingHost,
  moeSweepHost,
  routingHost,
  turingHost,
  inspectHost,
  tourHost,
  remoteHost,
];
