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
    case 'treesTrain': {
      const p = x['params'];
      return isRecord(p) && Array.isArray(p['sources']) && p['sources'].every((s) => isRecord(s) && isStr(s['name']) && isStr(s['text']))
        && Array.isArray(p['skipped']) && ['cart', 'boosted'].includes(String(p['learner'])) && isInt(p['window']) && isInt(p['depth'])
        && isInt(p['minLeaf']) && ['tokens', 'embedding', 'hidden'].includes(String(p['features']));
    }
    case 'dependencies': {
      const p = x['params'];
      const range = isRecord(p) ? p['range'] : undefined;
      return isRecord(p) && isStr(p['text']) && isStr(p['model']) && isStr(p['source']) && ['attention', 'ablation', 'both'].includes(String(p['method']))
        && (range === undefined || (isRecord(range) && isInt(range['start']) && isInt(range['end'])))
        && (p['at'] === undefined || isInt(p['at'])) && typeof p['p'] === 'number' && isInt(p['k']) && isInt(p['maxTokens'])
        && typeof p['maps'] === 'boolean' && typeof p['allowLocalFiles'] === 'boolean' && ['auto', 'cpu', 'webgpu', 'cuda'].includes(String(p['device']));
    }
    case 'treesGenerate': {
      const p = x['params'];
      return isRecord(p) && isStr(p['modelId']) && isStr(p['prompt']) && isInt(p['maxTokens']) && typeof p['temperature'] === 'number' && isInt(p['seed']);
    }
    case 'treesTrace': {
      const p = x['params'];
      return isRecord(p) && isStr(p['modelId']) && isStr(p['text']) && isInt(p['at']) && isStr(p['source']);
    }
    case 'positions': {
      const p = x['params'];
      return isRecord(p) && isStr(p['text']) && isInt(p['offset']) && isStr(p['source']) && ['ppc', 'oracle', 'absolute'].includes(String(p['method']))
        && (p['task'] === undefined || isStr(p['task'])) && typeof p['allowLocalFiles'] === 'boolean';
    }
    case 'lengthProbe': {
      const p = x['params'];
      return isRecord(p) && ['addition', 'copy'].includes(String(p['task'])) && isInt(p['maxLength']) && isInt(p['samples']) && isInt(p['seed']);
    }
    default:
      return false;
  }
}
