/**
 * @file Validation of the LoRA composition message: every row, weight and statistic is checked
 * (numbers finite, shares in [0, 1], the CAT weights one row per layer of one value per adapter).
 */
import type { ShowLoraCompositionNotification } from '../../src/shared/protocol';
import type { LoraComposeResult, LoraComposeRow, LoraLayerStats } from '../../src/shared/results';
import { isFiniteNumber, isOffset, isRecord, isStringArray, type Rec } from './guards';

const isShare = (x: unknown): x is number => isFiniteNumber(x) && x >= 0 && x <= 1;
const isNumberRow = (x: unknown, n: number): boolean => Array.isArray(x) && x.length === n && x.every(isFiniteNumber);
const isData = (x: unknown): boolean => isRecord(x) && typeof x['source'] === 'string' && isOffset(x['items']);

function isRow(x: unknown): x is LoraComposeRow {
  if (!isRecord(x)) return false;
  const { config, kind, method, exactMatch, loss, examples } = x;
  if (typeof config !== 'string' || !['base', 'adapter', 'mix', 'merge'].includes(String(kind))) return false;
  if ((method !== undefined && typeof method !== 'string') || !isShare(exactMatch) || !isFiniteNumber(loss)) return false;
  const w = x['catWeights'];
  if (w !== undefined && !(Array.isArray(w) && w.every((r) => Array.isArray(r) && r.every(isFiniteNumber)))) return false;
  return Array.isArray(examples) && examples.every((e) => isRecord(e) && ['prompt', 'expected', 'answer'].every((k) => typeof e[k] === 'string'));
}

function isLayer(x: unknown, n: number): x is LoraLayerStats {
  if (!isRecord(x)) return false;
  const { layer, name, cosine, overlapping, conflicting, conflictShare } = x;
  if (!Number.isSafeInteger(layer) || typeof name !== 'string' || !isOffset(overlapping) || !isOffset(conflicting)) return false;
  if (conflictShare !== null && !isShare(conflictShare)) return false;
  return Array.isArray(cosine) && cosine.length === n && cosine.every((r) => Array.isArray(r) && r.length === n && r.every((c) => c === null || isFiniteNumber(c)));
}

function isCat(x: unknown, n: number): boolean {
  if (x === undefined) return true;
  if (!isRecord(x) || !['softmax', 'free'].includes(String(x['parameterisation']))) return false;
  const w = x['weights'];
  return Array.isArray(w) && w.every((r) => isNumberRow(r, n)) && isFiniteNumber(x['devLoss']) && isFiniteNumber(x['startLoss'])
    && Array.isArray(x['history']) && x['history'].every(isFiniteNumber) && isOffset(x['evaluations']);
}

/** True when `x` is a well-formed {@link LoraComposeResult}. */
export function isLoraComposeResult(x: unknown): x is LoraComposeResult {
  if (!isRecord(x) || typeof x['base'] !== 'string' || !isStringArray(x['adapters'])) return false;
  const n = x['adapters'].length;
  if ((x['mix'] !== undefined && typeof x['mix'] !== 'string') || !isData(x['data']) || (x['dev'] !== undefined && !isData(x['dev']))) return false;
  if (!isNumberRow(x['weights'], n) || !isFiniteNumber(x['density']) || !isFiniteNumber(x['seconds'])) return false;
  const { rows, layers } = x;
  return Array.isArray(rows) && rows.every(isRow) && Array.isArray(layers) && layers.every((l) => isLayer(l, n)) && isCat(x['cat'], n);
}

/** True for a `showLoraComposition` message with a well-formed result. */
export function isShowLoraComposition(x: Rec): x is Rec & ShowLoraCompositionNotification {
  return x['type'] === 'showLoraComposition' && isLoraComposeResult(x['result']);
}
