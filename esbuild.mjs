// Bundles the extension host, the engine, the CLI and the webviews with esbuild.
// Native and model-runtime packages stay external: they are loaded from node_modules at run time.
// tsx too: only the worker threads' fallback for tests (no bundled worker beside them) resolves it.
// Imported by the host-bundle test (test/unit/build), which bundles the extension with these settings.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning' };
const node = {
  ...common,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'onnxruntime-node', '@huggingface/transformers', 'sharp', 'tsx'],
};
const webviews = readdirSync('webview', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`webview/${d.name}/main.ts`))
  .map((d) => ({ in: `webview/${d.name}/main.ts`, out: `webview/${d.name}` }));

/** The extension host's bundle: it must require no model runtime (the engine process loads them). */
export const hostBuild = { ...node, entryPoints: ['src/host/extension.ts'], outfile: 'dist/extension.js' };

const builds = [
  hostBuild,
  { ...node, entryPoints: ['src/engine/main.ts'], outfile: 'dist/engine.js' },
  // The parity lab's worker thread, loaded by the engine (and the CLI) from beside their bundles.
  { ...node, entryPoints: ['src/engine/parity/worker.ts'], outfile: 'dist/parityWorker.js' },
  // The Kronecker toolkit's eigendecomposition worker, likewise.
  { ...node, entryPoints: ['src/engine/kronecker/eigWorker.ts'], outfile: 'dist/kronEigWorker.js' },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  {
    ...common,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: webviews,
    outdir: 'dist',
    sourcemap: false,
  },
];

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--watch')) {
    for (const b of builds) await (await esbuild.context(b)).watch();
  } else {
    await Promise.all(builds.map((b) => esbuild.build(b)));
  }
}
