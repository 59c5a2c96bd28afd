/**
 * @file Finds or makes an ONNX graph that outputs a causal LM's last hidden state ({@link FINAL_HIDDEN}): a model
 * that exports it is used as is; otherwise a rewritten copy goes to a cache folder (see {@link cachedRewrite}).
 */
import { LensError } from '../../errors';
import { cachedRewrite } from './cachedRewrite';
import { exposeFinalHidden, FINAL_HIDDEN } from './exposeHidden';
import { readOnnxFile } from './readOnnx';

/** Bumped whenever the rewrite changes, so stale cached copies are not reused. */
const REWRITE_VERSION = 1;

/** The path of a graph with a {@link FINAL_HIDDEN} output for the model at `onnxPath`; throws `missing-output`. */
export async function hiddenGraphFor(onnxPath: string, cacheDir: string): Promise<string> {
  const model = await readOnnxFile(onnxPath);
  const exposure = exposeFinalHidden(model);
  if (exposure.kind === 'unavailable') throw new LensError('missing-output', exposure.reason);
  if (exposure.kind === 'exported') return onnxPath;
  if (model.graph.externalData.length > 0) {
    throw new LensError(
      'missing-output',
      `This model keeps its weights in external data, so Model Lens cannot add a ${FINAL_HIDDEN} output to a copy ` +
        'of its graph; export it with that output.',
    );
  }
  return cachedRewrite(onnxPath, model, exposure.bytes, `hidden-v${REWRITE_VERSION}`, cacheDir);
}
