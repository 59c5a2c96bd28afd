// Runs the extension's integration suite in desktop VS Code through @vscode/test-electron.
// It downloads VS Code, so it needs network: `npm run test:electron`. Offline, `npm run e2e`
// runs the end-to-end tests in code-server instead.
import { runTests } from '@vscode/test-electron';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
await runTests({
  version: '1.100.3',
  extensionDevelopmentPath: root,
  extensionTestsPath: join(root, 'test', 'electron', 'suite', 'index.cjs'),
  launchArgs: [join(root, 'test', 'fixtures'), '--disable-extensions', '--disable-workspace-trust'],
});
