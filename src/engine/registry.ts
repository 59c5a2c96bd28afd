/**
 * @file The engine's registry of toolkits: one line per toolkit.
 *
 * How to add an analysis. A toolkit is a module with one descriptor per process:
 * 1. `src/shared/<toolkit>.ts`: its request kinds (`requestKind(name, paramsSchema, resultSchema)`), with the
 *    params and result types inferred from their valibot schemas, and every closed set as an `as const` array.
 * 2. `src/core/analyses/<toolkit>/`: the computation, free of `vscode` and the DOM.
 * 3. `src/engine/<toolkit>/index.ts`: an `EngineToolkit` returning `handle(kind, (params, job) => …)` for each
 *    kind; add it to `ENGINE_TOOLKITS` below. Params arrive checked; check `job.signal` in long loops.
 * 4. `src/cli/<toolkit>/index.ts`: its `CliCommand`s (options, usage, a `run` that calls `engine.run(kind, …)`
 *    and returns the result with its view); add them to `CLI_COMMANDS` in `src/cli/registry.ts`.
 * 5. `src/host/<toolkit>/index.ts`: a `HostToolkit` returning its VS Code commands by id (they call
 *    `ctx.engine.request(kind, params)` and `ctx.show(view, …)`); add it to `HOST_TOOLKITS` in
 *    `src/host/registry.ts`. The host never imports `src/core/analyses` or a model runtime.
 * 6. `webview/<view>/`: `body.ts` (markup that starts with `viewHeader(…)`), `main.ts` (`mountView({...})` with
 *    a renderer per kind it shows) and `style.css`; add the view to `VIEWS` in `webview/views.ts` (the webview
 *    registry, shared by the extension's panels and the CLI's HTML reports).
 * 7. Tests in `test/unit/<toolkit>/`, an end-to-end test `e2e/<toolkit>.e2e.test.mjs` (one `rigSession` from
 *    `e2e/steps.mjs`), and `bench/<toolkit>.bench.ts` beside its peer.
 * 8. `package.json`: its commands, menus, settings and bench script; `README.md`: its section.
 * Nothing else is edited: the engine process, the CLI runner, the host and the views are generic.
 */
import { copyingEngine } from './copying/index';
import { dependenciesEngine } from './dependencies/index';
import { inspectEngine } from './inspect/index';
import { kroneckerEngine } from './kronecker/index';
import { loraEngine } from './lora/index';
import { moeSweepEngine } from './moeSweep/index';
import { parityEngine } from './parity/index';
import { positionsEngine } from './positions/index';
import { remainingEngine } from './remaining/index';
import { routingEngine } from './routing/index';
import { scalingColumnsEngine } from './scaling/columns';
import { scalingEngine } from './scaling/index';
import { servingEngine } from './serving/index';
import { surprisalEngine } from './surprisal/index';
import type { EngineToolkit } from './toolkit';
import { treesEngine } from './trees/index';
import { turingEngine } from './turing/index';

/** Every engine toolkit. */
export const ENGINE_TOOLKITS: readonly EngineToolkit[] = [
  surprisalEngine,
  dependenciesEngine,
  positionsEngine,
  turingEngine,
  loraEngine,
  treesEngine,
  scalingEngine,
  scalingColumnsEngine,
  servingEngine,
  remainingEngine,
  kroneckerEngine,
  parityEngine,
  copyingEngine,
  moeSweepEngine,
  routingEngine,
  inspectEngine,
];
