/**
 * @file Validation of the messages a webview receives. Anything that crosses into a view is
 * checked for shape and types first; invalid messages are dropped, never half-used.
 */
import type { StatusNotification, ToWebview } from '../../src/shared/protocol';
import { isRecord, type Rec } from './guards';
import { isShowTreeTrace } from './validateTrees';
import { isShowDependencies } from './validateDependencies';
import { isShowLengthProbe, isShowPositions } from './validatePositions';

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
  if (isStatus(x)) return x;
  if (isShowTreeTrace(x)) return x;
  if (isShowDependencies(x)) return x;
  if (isShowPositions(x)) return x;
  if (isShowLengthProbe(x)) return x;
  return undefined;
}
