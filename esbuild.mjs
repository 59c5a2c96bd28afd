// Bundles the extension host, the engine, the CLI and the webviews with esbuild.
// Native and model-runtime packages stay external: they are loaded from node_modules at run time.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning' };
const node = {
  ...common,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'onnxruntime-node', '@huggingface/transformers', 'sharp'],
};
const webviews = readdirSync('webview', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`webview/${d.name}/main.ts`))
  .map((d) => ({ in: `webview/${d.name}/main.ts`, out: `webview/${d.name}` }));

const builds = [
  { ...node, entryPoints: ['src/host/extension.ts'], outfile: 'dist/extension.js' },
  { ...node, entryPoints: ['src/engine/main.ts'], outfile: 'dist/engine.js' },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: webviews, outdir: 'dist', sourcemap: false },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
