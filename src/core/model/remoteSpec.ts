/**
 * @file The `openai:<url>#<model>` model spec: a model served by an OpenAI-compatible completions server (vLLM and
 * others) that returns prompt log-probabilities. The URL is the API's base (usually ending in `/v1`).
 */
import { LensError } from '../errors';

/** Prefix of a remote model spec. */
export const REMOTE_PREFIX = 'openai:';

/** A parsed remote spec: the API's base URL (no trailing slash) and the served model's name. */
export interface RemoteSpec {
  readonly baseUrl: string;
  readonly model: string;
}

/** True when `spec` names a remote model. */
export function isRemoteSpec(spec: string): boolean {
  return spec.trim().startsWith(REMOTE_PREFIX);
}

/** Parses `openai:<url>#<model>`; throws `bad-input` saying what the spec should look like. */
export function parseRemoteSpec(spec: string): RemoteSpec {
  const body = spec.trim().slice(REMOTE_PREFIX.length);
  const hash = body.lastIndexOf('#');
  const example =
    'Write it as openai:<url>#<model>, for example openai:http://gpu-box:8000/v1#meta-llama/Llama-3.1-8B.';
  if (hash < 0 || hash === body.length - 1) {
    throw new LensError('bad-input', `The remote model spec names no model after "#". ${example}`);
  }
  const model = body.slice(hash + 1);
  let url: URL;
  try {
    url = new URL(body.slice(0, hash));
  } catch {
    throw new LensError('bad-input', `The remote model spec's URL "${body.slice(0, hash)}" is not a URL. ${example}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LensError('bad-input', `The remote model's URL must start with http:// or https://. ${example}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new LensError(
      'bad-input',
      'Put no user name or password in the remote model URL: set the key with "Model Lens: Set Remote Model API ' +
        'Key" (or MODEL_LENS_API_KEY for the CLI).',
    );
  }
  return { baseUrl: url.href.replace(/\/+$/u, ''), model };
}

/** The message of an analysis that needs what a server cannot give. */
export function remoteRefusal(name: string, needs: string): string {
  return (
    `${name} is a remote model: a completions server gives per-token log-probabilities, not ${needs}. Run ` +
    'surprisal, ablation dependencies or the copy and task probes with it, or pick a local model (or run Model Lens ' +
    'on the GPU machine through Remote-SSH) for this analysis.'
  );
}
