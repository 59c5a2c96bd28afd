/**
 * @file `model-lens trees …`: train, generate with, trace and compare decision-tree LMs, and run
 * the automaton demos. Runs the engine's tree jobs in process.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { automatonDemo, MOD3, PARITY, type AutomatonLayout } from '../core/analyses/trees/automata';
import { nextTokenAccuracy } from '../core/analyses/surprisal/nextTokenAccuracy';
import { LensError } from '../core/errors';
import { atomicWrite } from '../core/io/atomicWrite';
import { loadModel } from '../core/model/loadModel';
import { modelsDir } from '../core/paths';
import { TreesJobs } from '../engine/treesJobs';
import type { TreesTrainRequest } from '../shared/protocol';
import type { TreesTraceResult } from '../shared/results';
import type { CliOptions } from './args';
import { choiceOption, intOption, offsetOf, readInput } from './input';
import { writeTreesReport } from './output';

const never = new AbortController().signal;
const print = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

/** Runs a `trees` subcommand; returns the exit code. */
export async function treesCommand(o: CliOptions): Promise<number> {
  const [sub, ...rest] = o.positionals;
  const jobs = new TreesJobs(modelsDir(__dirname));
  switch (sub) {
    case 'train': return train(jobs, o, rest);
    case 'generate': return generate(jobs, o);
    case 'trace': return trace(jobs, o, rest[0]);
    case 'compare': return compare(jobs, o, rest);
    case 'automata': return automata();
    default: throw new LensError('bad-input', `Unknown trees command "${sub ?? ''}": use train, generate, trace, compare or automata (see --help).`);
  }
}

async function trainParams(o: CliOptions, files: readonly string[]): Promise<TreesTrainRequest['params']> {
  if (files.length === 0) throw new LensError('bad-input', 'Name the files to train on: model-lens trees train <files…> --out model.json');
  const sources = await Promise.all(files.map(async (f) => ({ name: f, text: await readInput(f) })));
  const t = o.trees;
  return {
    sources, skipped: [], learner: choiceOption('learner', t['learner'], ['cart', 'boosted'] as const),
    window: intOption('window', t['window'], 16, 1, 4096), depth: intOption('depth', t['depth'], 16, 1, 64),
    minLeaf: intOption('min-leaf', t['minLeaf'], 2, 1, 1_000_000), features: choiceOption('features', t['features'], ['tokens', 'embedding', 'hidden'] as const),
  };
}

async function train(jobs: TreesJobs, o: CliOptions, files: readonly string[]): Promise<number> {
  const summary = await jobs.train(await trainParams(o, files), never, () => undefined);
  if (o.out !== undefined) await atomicWrite(o.out, jobs.save(summary.modelId));
  if (o.json) print(JSON.stringify(summary));
  else print(`Trained a ${summary.learner} tree LM on ${summary.tokens} tokens (${summary.features}, window ${summary.window}) in ${summary.seconds.toFixed(2)} s: ${summary.nodes} nodes, depth ${summary.depth}, training accuracy ${(100 * summary.trainAccuracy).toFixed(1)}%${o.out !== undefined ? `; saved to ${o.out}` : ''}`);
  return 0;
}

async function loadSaved(jobs: TreesJobs, o: CliOptions): Promise<string> {
  if (!o.modelGiven) throw new LensError('bad-input', 'Name the tree model: --model model.json (written by "model-lens trees train --out").');
  const text = await readFile(o.model, 'utf8').catch(() => {
    throw new LensError('bad-input', `${o.model} does not exist or cannot be read.`);
  });
  return jobs.load(text, basename(o.model)).modelId;
}

async function generate(jobs: TreesJobs, o: CliOptions): Promise<number> {
  const modelId = await loadSaved(jobs, o);
  const t = o.trees;
  const prompt = t['prompt'] ?? '';
  const r = jobs.generate({ modelId, prompt, maxTokens: intOption('tokens', t['tokens'], 64, 1, 100_000), temperature: Number(t['temperature'] ?? 0), seed: intOption('seed', t['seed'], 1, 0, 2 ** 31) });
  print(o.json ? JSON.stringify(r) : r.prompt + r.text);
  return 0;
}

async function trace(jobs: TreesJobs, o: CliOptions, file: string | undefined): Promise<number> {
  const modelId = await loadSaved(jobs, o);
  const text = await readInput(file);
  const result = await jobs.trace({ modelId, text, at: offsetOf(text, o.trees['at']), source: basename(file ?? '') }, never);
  if (o.out !== undefined) await writeTreesReport(o.out, result);
  if (o.json) print(JSON.stringify(result));
  else if (o.out === undefined) print(traceText(result));
  return 0;
}

function traceText(r: TreesTraceResult): string {
  const lines = [`${r.source} ${r.position.line + 1}:${r.position.character + 1}: predicted ${JSON.stringify(r.predicted)}${r.actual !== undefined ? `, actual ${JSON.stringify(r.actual)}` : ''}; replay ${r.replayed ? 'reproduces it' : 'FAILED'}`];
  for (const tree of r.trees) {
    lines.push(`tree ${tree.index}${tree.classToken !== undefined ? ` (score of ${JSON.stringify(tree.classToken)})` : ''}:`);
    for (let n: typeof tree.root | undefined = tree.root; n !== undefined; n = n.children?.find((c) => c.onPath)) {
      if (n.split !== undefined) lines.push(`  ${n.split}? saw ${n.seen ?? '?'} → ${n.taken ?? '?'}${n.source !== undefined ? ` (at ${n.source.line + 1}:${n.source.character + 1})` : ''}`);
      else lines.push(`  leaf: ${(n.top ?? []).map((c) => `${JSON.stringify(c.text)}×${c.count}`).join(', ')}`);
    }
  }
  return lines.join('\n');
}

async function compare(jobs: TreesJobs, o: CliOptions, files: readonly string[]): Promise<number> {
  const heldOutFile = o.trees['heldOut'];
  if (heldOutFile === undefined) throw new LensError('bad-input', 'Name the held-out text: --held-out <file>.');
  const heldOut = await readInput(heldOutFile);
  const base = await trainParams(o, files);
  const rows: { name: string; accuracy: number }[] = [];
  for (const features of ['tokens', 'embedding', 'hidden'] as const) {
    const s = await jobs.train({ ...base, features }, never, () => undefined);
    rows.push({ name: `trees on ${s.features}`, accuracy: await jobs.accuracy(s.modelId, heldOut) });
  }
  const lm = await loadModel('lens-lm', { modelsDir: modelsDir(__dirname), device: 'cpu', log: () => undefined });
  rows.push({ name: 'lens-lm (argmax of its logits)', accuracy: (await nextTokenAccuracy(lm, heldOut)).accuracy });
  await lm.dispose();
  if (o.json) print(JSON.stringify({ heldOut: heldOutFile, tokens: Buffer.byteLength(heldOut), rows }));
  else for (const r of rows) print(`${(100 * r.accuracy).toFixed(1).padStart(5)}%  ${r.name}`);
  return 0;
}

function automata(): number {
  print('automaton       layout        depth  nodes  accuracy at 1x  at 10x  (majority at 10x)');
  for (const a of [PARITY, MOD3]) {
    for (const layout of ['interleaved', 'separated', 'direct'] as AutomatonLayout[]) {
      const r = automatonDemo(a, layout);
      print(`${r.automaton.padEnd(15)} ${r.layout.padEnd(13)} ${String(r.depth).padStart(5)}  ${String(r.nodes).padStart(5)}  ${r.accuracy1x.toFixed(3).padStart(14)}  ${r.accuracyLong.toFixed(3).padStart(6)}  (${r.majorityLong.toFixed(3)})`);
    }
  }
  return 0;
}
