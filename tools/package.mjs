// Builds the linux-x64 .vsix and checks that it carries only linux-x64 onnxruntime binaries.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const yauzl = require('yauzl');
const pkg = require('../package.json');
const out = `${pkg.name}-linux-x64-${pkg.version}.vsix`;

execFileSync(
  'npx',
  ['vsce', 'package', '--target', 'linux-x64', '--out', out, '--allow-missing-repository', '--skip-license'],
  { stdio: 'inherit' },
);

const entries = await new Promise((resolve, reject) => {
  yauzl.open(out, { lazyEntries: true }, (err, zip) => {
    if (err) return reject(err);
    const names = [];
    zip.on('entry', (e) => {
      names.push(e.fileName);
      zip.readEntry();
    });
    zip.on('end', () => resolve(names));
    zip.readEntry();
  });
});
const native = entries.filter((n) => /onnxruntime-node\/bin\//u.test(n));
const foreign = native.filter((n) => !/napi-v6\/linux\/x64\//u.test(n));
if (native.length === 0) throw new Error('the .vsix carries no onnxruntime binaries');
if (foreign.length > 0) throw new Error(`the .vsix carries binaries for other platforms: ${foreign.join(', ')}`);
for (const need of [
  'extension/dist/extension.js',
  'extension/dist/engine.js',
  'extension/media/models/lens-lm/onnx/model.onnx',
]) {
  if (!entries.includes(need)) throw new Error(`the .vsix lacks ${need}`);
}
console.log(
  `${out}: ${entries.length} files, onnxruntime binaries: ${native.map((n) => n.split('/').pop()).join(', ')}`,
);
