/**
 * @file The dependencies of one token (the 'token' scope: "Show Token Dependencies", `model-lens dependencies
 * --at`): only the part of the document its window needs is tokenized, the window that ends at the token is read
 * once for attention, and only that token's earlier tokens are ablated. A document of any size works.
 */
import { ablationDependenciesOfTokens } from '../../core/analyses/dependencies/ablationDependencies';
import { attentionDependenciesOfTokens } from '../../core/analyses/dependencies/attentionDependencies';
import { attentionWindow, type WindowAttention } from '../../core/analyses/dependencies/attentionWindow';
import { sessionModel } from '../../core/analyses/dependencies/dependencyModel';
import type { LoadedDependencyModel } from '../../core/analyses/dependencies/loadForDependencies';
import { isScored } from '../../core/analyses/dependencies/scoredAblation';
import { toDependenciesResult } from '../../core/analyses/dependencies/toResult';
import { tokenAt, windowEndingAt, type TokenWindow } from '../../core/analyses/dependencies/tokenWindow';
import {
  DEFAULT_ABLATION_REACH,
  tokenSlice,
  type DependenciesParams as Params,
  type DependenciesResult,
  type Origin,
} from '../../shared/dependencies';
import { agreementOf } from './agreement';

type Progress = (fraction: number, message: string) => void;

/** Tokens of the dense per-head window sent for the map's layer and head filters. */
const MAP_WINDOW = 128;

/** The part of the sent text a token's window needs, and where it starts in the document. */
export function cutAround(text: string, origin: Origin | undefined, at: number): { text: string; origin: Origin } {
  const o = origin ?? { offset: 0, line: 0, character: 0 };
  const want = tokenSlice(o.offset + text.length, at);
  let start = Math.max(0, want.start - o.offset);
  let end = Math.max(start, want.end - o.offset);
  const code = (i: number): number => text.charCodeAt(i);
  if (start > 0 && code(start) >= 0xdc00 && code(start) <= 0xdfff) start++;
  if (end < text.length && code(end - 1) >= 0xd800 && code(end - 1) <= 0xdbff) end--;
  const skipped = text.slice(0, start);
  const lastBreak = skipped.lastIndexOf('\n');
  let breaks = 0;
  for (let i = skipped.indexOf('\n'); i >= 0; i = skipped.indexOf('\n', i + 1)) breaks++;
  const character = lastBreak < 0 ? o.character + start : start - lastBreak - 1;
  return { text: text.slice(start, end), origin: { offset: o.offset + start, line: o.line + breaks, character } };
}

/** Dependencies of the token at `params.at`, from the one window that ends at it. */
export async function analyseToken(
  params: Params & { at: number },
  loaded: LoadedDependencyModel,
  signal: AbortSignal,
  progress: Progress,
): Promise<DependenciesResult> {
  const { model } = loaded;
  const part = cutAround(params.text, params.origin, params.at);
  const encoded = await loaded.encode(part.text, part.origin.offset, {
    maxTokens: 3 * part.text.length + 1,
    signal,
  });
  const win = windowEndingAt(encoded, tokenAt(encoded, params.at), model.context, part.origin.offset === 0);
  const method = loaded.fallback !== undefined ? 'ablation' : params.method;
  const share = method === 'both' ? 0.5 : 1;
  const attention =
    method === 'ablation'
      ? undefined
      : await attentionDependenciesOfTokens(sessionModel(model), win.tokens, {
          p: params.p,
          k: params.k,
          signal,
          onProgress: (f, m) => progress(f * share, m),
        });
  const ablation =
    method === 'attention'
      ? undefined
      : await ablationDependenciesOfTokens(model, win.tokens, {
          k: params.k,
          reach: params.reach ?? DEFAULT_ABLATION_REACH,
          targets: { from: win.target, to: win.target + 1 },
          signal,
          onProgress: (f, m) => progress(1 - share + f * share, m),
        });
  return toDependenciesResult({
    source: params.source,
    document: part.text,
    origin: part.origin,
    firstToken: win.firstToken,
    token: { context: win.context },
    includeRows: params.maps,
    notes: [...loaded.notes, note(win, model.context)],
    ...(isScored(model) ? { device: 'server' as const } : {}),
    at: win.target,
    ...(attention !== undefined ? { attention } : {}),
    ...(ablation !== undefined ? { ablation } : {}),
    ...(attention !== undefined && ablation !== undefined ? agreementOf(attention, ablation) : {}),
    ...(params.maps && attention !== undefined ? { window: await mapWindow(loaded, win) } : {}),
  });
}

function note(win: TokenWindow, context: number): string {
  return (
    `Only the token at the cursor was analysed, from the ${win.context} tokens before it (the model reads at most ` +
    `${context} at once); the other tokens' numbers come from the same window.`
  );
}

/** The dense maps of the last {@link MAP_WINDOW} tokens of the window (for a report's layer and head filters). */
async function mapWindow(
  loaded: LoadedDependencyModel,
  win: TokenWindow,
): Promise<{ first: number; maps: WindowAttention }> {
  const n = win.tokens.ids.length;
  const T = Math.min(MAP_WINDOW, n);
  return { first: n - T, maps: await attentionWindow(sessionModel(loaded.model), win.tokens.ids.subarray(n - T)) };
}
