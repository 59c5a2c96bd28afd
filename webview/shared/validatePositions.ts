/**
 * @file Validation of the positions messages: every token's IDs are non-negative integers, the
 * attention maps are square per head and bounded in size, curves have one value per length.
 */
import type { ShowLengthProbeNotification, ShowPositionsNotification } from '../../src/shared/protocol';
import type { PositionsTokenView } from '../../src/shared/results';
import { isFiniteNumber, isOffset, isRecord, type Rec } from './guards';

/** Largest attention map accepted (tokens). */
const MAX_TOKENS = 4096;

const optOffset = (x: unknown): boolean => x === undefined || isOffset(x);
const optString = (x: unknown): boolean => x === undefined || typeof x === 'string';
const isShareOrNull = (x: unknown): boolean => x === null || (isFiniteNumber(x) && x >= 0 && x <= 1);

function isToken(x: unknown): x is PositionsTokenView {
  if (!isRecord(x) || typeof x['text'] !== 'string' || !isOffset(x['ruleId']) || typeof x['answer'] !== 'boolean') return false;
  if (!optOffset(x['fedId']) || !optOffset(x['predictedId']) || !optOffset(x['step'])) return false;
  const r = x['range'];
  return r === undefined || (isRecord(r) && isOffset(r['start']) && isOffset(r['end']) && r['end'] >= r['start']);
}

function isAttentions(x: unknown, n: number): boolean {
  if (x === undefined) return true;
  return Array.isArray(x) && x.every((layer) => Array.isArray(layer) && layer.every((head) =>
    Array.isArray(head) && head.length === n && head.every((row) => Array.isArray(row) && row.length === n && row.every(isFiniteNumber))));
}

/** True for a `showPositions` message with a well-formed result. */
export function isShowPositions(x: Rec): x is Rec & ShowPositionsNotification {
  const r = x['result'];
  if (x['type'] !== 'showPositions' || !isRecord(r)) return false;
  const tokens = r['tokens'];
  if (!Array.isArray(tokens) || tokens.length > MAX_TOKENS || !tokens.every(isToken)) return false;
  if (![r['source'], r['task'], r['problem']].every((s) => typeof s === 'string')) return false;
  if (![r['model'], r['answer'], r['expected'], r['note']].every(optString)) return false;
  if (r['mode'] !== undefined && !['ppc', 'oracle', 'absolute'].includes(String(r['mode']))) return false;
  if ((r['correct'] !== undefined && typeof r['correct'] !== 'boolean') || !optOffset(r['idMatches']) || !optOffset(r['trainMaxLength']) || !optOffset(r['maxPosition'])) return false;
  return isAttentions(r['attentions'], tokens.length);
}

/** True for a `showLengthProbe` message with a well-formed curve per method. */
export function isShowLengthProbe(x: Rec): x is Rec & ShowLengthProbeNotification {
  const r = x['result'];
  if (x['type'] !== 'showLengthProbe' || !isRecord(r) || typeof r['task'] !== 'string') return false;
  const lengths = r['lengths'];
  if (!Array.isArray(lengths) || lengths.length === 0 || lengths.length > 1000 || !lengths.every((n) => isOffset(n) && n > 0)) return false;
  if (!isOffset(r['trainMaxLength']) || !isOffset(r['samples']) || !isOffset(r['seed'])) return false;
  const methods = r['methods'];
  return Array.isArray(methods) && methods.every((m) => isRecord(m) && typeof m['name'] === 'string' && typeof m['model'] === 'string' && typeof m['mode'] === 'string'
    && Array.isArray(m['accuracy']) && m['accuracy'].length === lengths.length && m['accuracy'].every(isShareOrNull)
    && (m['idAccuracy'] === undefined || (Array.isArray(m['idAccuracy']) && m['idAccuracy'].every(isShareOrNull))));
}
