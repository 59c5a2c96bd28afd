/**
 * @file Runtime checks for messages that cross a process or webview boundary.
 * Nothing received is trusted until one of these guards accepts it.
 */
import type { EngineRequest } from './protocol';

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
const isStr = (x: unknown): x is string => typeof x === 'string';

/** Accepts a well-formed message to the engine. */
export function isToEngine(x: unknown): x is EngineRequest {
  if (!isRecord(x) || !isInt(x['id'])) return false;
  switch (x['type']) {
    case 'loraCompose':
      return isLoraCompose(x['params']);
    case 'loraSave': {
      const p = x['params'];
      return isRecord(p) && isStrList(p['adapters']) && isStr(p['method']) && isStr(p['out']) && typeof p['allowLocalFiles'] === 'boolean'
        && (p['weights'] === undefined || isNumList(p['weights'])) && (p['density'] === undefined || typeof p['density'] === 'number')
        && (p['catWeights'] === undefined || (Array.isArray(p['catWeights']) && p['catWeights'].every(isNumList)));
    }
    default:
      return false;
  }
}

const isStrList = (x: unknown): x is string[] => Array.isArray(x) && x.every(isStr);
const isNumList = (x: unknown): x is number[] => Array.isArray(x) && x.every((v) => typeof v === 'number');
const isTaskData = (x: unknown): boolean => isRecord(x) && isStr(x['source']) && isStr(x['text']);

function isLoraCompose(p: unknown): boolean {
  return isRecord(p) && isStr(p['base']) && isStrList(p['adapters']) && (p['mix'] === undefined || isStr(p['mix'])) && isTaskData(p['data'])
    && (p['dev'] === undefined || isTaskData(p['dev'])) && isStrList(p['methods']) && (p['weights'] === undefined || isNumList(p['weights']))
    && (p['density'] === undefined || typeof p['density'] === 'number') && (p['catSteps'] === undefined || isInt(p['catSteps']))
    && typeof p['allowLocalFiles'] === 'boolean';
}
