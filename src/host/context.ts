/**
 * @file Transitional: the state of the toolkits not yet moved to their own host modules. Each move
 * deletes its field here; the file goes when only {@link HostContext} is left.
 */
import type { ViewPanel } from './views/viewPanel';
import type { LoraComposeResult } from '../shared/results';
import type { HostContext } from './toolkit';

/** Shared state of the toolkits still registered through `legacy.ts`. */
export interface LensContext extends HostContext {
  /** The LoRA composition: adapter folders added from the explorer, the results panel, the last run. */
  readonly lora: { readonly added: string[]; readonly panel: ViewPanel; last: { readonly result: LoraComposeResult; readonly adapters: readonly string[] } | undefined };
}

/** A command implementation, made from the context. */
export type CommandFactory = (ctx: LensContext) => (...args: unknown[]) => unknown;
