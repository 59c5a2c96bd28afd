/**
 * @file Validation of the messages a webview receives. Anything that crosses into a view is
 * checked for shape and types first; invalid messages are dropped, never half-used.
 */
import type { ShowSurprisalNotification, StatusNotification, ToWebview } from '../../src/shared/protocol';
import type { SurprisalResult, SurprisalToken } from '../../src/shared/results';
import { isCandidate, isFiniteNumber, isOffset, isRecord, type Rec } from './guards';
import { isShowTreeTrace } from './validateTrees';
import { isShowDependencies } from './validateDependencies';
import { isShowLoraComposition } from './validateLora';
import { isShowLengthProbe, isShowPositions } from './validatePositions';

function isToken(x: unknown): x is SurprisalToken {
  if (!isRecord(x)) return false;
  const { text, start, end, surprisal, top } = x;
  if (typeof text !== 'string' || !isOffset(start) || !isOffset(end) || end < start) return false;
  if (!isFiniteNumber(surprisal) || surprisal < 0) return false;
  return top === undefined || (Array.isArray(top) && top.every(isCandidate));
}

/** True when `x` is a well-formed {@link SurprisalResult} (every token checked). */
export function isSurprisalResult(x: unknown): x is SurprisalResult {
  if (!isRecord(x)) return false;
  const { model, device, tokens, bitsPerByte, bytes, window, offset } = x;
  if (typeof model !== 'string' || (device !== 'cpu' && device !== 'webgpu' && device !== 'cuda')) return false;
  if (!isFiniteNumber(bitsPerByte) || !isOffset(bytes) || !isOffset(window) || !isOffset(offset)) return false;
  return Array.isArray(tokens) && tokens.every(isToken);
}

function isShowSurprisal(x: Rec): x is Rec & ShowSurprisalNotification {
  return x['type'] === 'showSurprisal' && typeof x['source'] === 'string' && isSurprisalResult(x['result']);
}

function isStatus(x: Rec): x is Rec & StatusNotification {
  const state = x['state'];
  return (
    x['type'] === 'status' &&
    (state === 'idle' || state === 'running' || state === 'error') &&
    typeof x['message'] === 'string'
  );
}

/** Returns `x` as a {@link ToWebview} message when it is one, otherwise `undefined`. */
export function parseToWebview(x: unknown): ToWebview | undefined {
  if (!isRecord(x)) return undefined;
  if (isShowSurprisal(x)) return x;
  if (isStatus(x)) return x;
  if (isShowTreeTrace(x)) return x;
  if (isShowDependencies(x)) return x;
  if (isShowLoraComposition(x)) return x;
  if (isShowPositions(x)) return x;
  if (isShowLengthProbe(x)) return x;
  return undefined;
}
