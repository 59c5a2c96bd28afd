/**
 * @file `model-lens inspect <file-or-folder> [--json]`: what an ONNX, safetensors or GGUF file or a PEFT adapter
 * folder holds, read from its headers: a summary in text, or the inspector's report as JSON.
 */
import { LensError } from '../../core/errors';
import { byteSize, inspectRequest, type InspectReport, type LoraRow } from '../../shared/inspect';
import type { CliCommand } from '../command';

const count = (n: number) => n.toLocaleString('en-US');

function onnxLines(r: InspectReport): string[] {
  const o = r.onnx;
  if (o === undefined) return [];
  const shape = (s: readonly (number | string | null)[] | null) => (s === null ? '?' : `[${s.join(', ')}]`);
  const e = o.exposed;
  const opsets = o.opsets.map((s) => `${s.domain || 'ai.onnx'} ${s.version}`).join(', ');
  return [
    `graph: ${count(o.nodes)} nodes in ${o.groups.length} groups; opsets ${opsets}`,
    ...o.inputs.map((i) => `  input  ${i.name} ${i.dtype} ${shape(i.shape)}`),
    ...o.outputs.map((i) => `  output ${i.name} ${i.dtype} ${shape(i.shape)}`),
    `exposed: logits ${e.logits ? 'yes' : 'no'}, attentions ${e.attentions}, hidden states ${e.hiddenStates}, ` +
      `router logits ${e.routerLogits}, present key/values ${e.presentKeyValues}`,
  ];
}

const shapeOf = (m: LoraRow) => `${m.inFeatures} → ${m.outFeatures}`;

function loraLines(r: InspectReport): string[] {
  const l = r.lora;
  if (l === undefined) return [];
  const targets = typeof l.targetModules === 'string' ? l.targetModules : l.targetModules.join(', ');
  return [
    `LoRA: r ${l.rank}, alpha ${l.alpha}${l.useRslora ? ' (rsLoRA)' : ''}, targets ${targets}, ` +
      `base ${l.baseModel ?? '?'}`,
    ...l.modules.map((m) => `  ${m.module}: rank ${m.rank}, ${shapeOf(m)}, scaling ${m.scaling}`),
  ];
}

/** The report as text. */
export function inspectText(r: InspectReport): string {
  const p = r.params;
  const lines = [
    `${r.source}: ${r.format}, ${byteSize(r.fileBytes)}, ${count(r.tensors)} tensors`,
    `parameters: ${count(p.total)}${p.active === undefined ? '' : `, active per token ${count(p.active)}`}` +
      (p.experts === undefined ? '' : ` (${p.experts.count} experts, top-k ${p.experts.topK ?? '?'})`),
    `dtypes: ${r.dtypes.map((d) => `${d.dtype} ${count(d.params)}`).join(', ')}`,
    ...onnxLines(r),
    ...loraLines(r),
    ...r.tree
      .filter((row) => row.depth <= 2)
      .map((row) => `${'  '.repeat(row.depth)}${row.name}  ${count(row.params)} (${byteSize(row.bytes)})`),
    ...r.notes,
  ];
  return `${lines.join('\n')}\n`;
}

/** `inspect <file-or-folder>`. */
export const inspectCli: CliCommand = {
  name: 'inspect',
  usage: `inspect <model.onnx|model.safetensors|model.gguf|adapter-folder> [--json]
                     what a model file or PEFT adapter folder holds, from its headers only: tensor tree with
                     dtypes, shapes and sizes, total and active parameters, LoRA ranks and targets, ONNX inputs,
                     outputs, layer graph and exposed outputs, metadata`,
  async run(args, engine) {
    const path = args.positionals[0];
    if (path === undefined || args.positionals.length > 1)
      throw new LensError('bad-input', 'inspect takes one model file or adapter folder: inspect model.onnx');
    const result = await engine.run(inspectRequest, { path });
    return {
      result,
      text: inspectText(result),
      report: { view: 'inspect', kind: inspectRequest.name, source: path, title: `Inspect ${path}` },
    };
  },
};
