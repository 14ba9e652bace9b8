// Extension-host tests through @vscode/test-electron, for machines that can download VS Code (this kind of machine
// cannot: its end-to-end tests run the extension in code-server instead, see test/e2e). Run: npm run test:vscode
// (compiles to out/ first: VS Code loads the suite as JavaScript)
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const extensionDevelopmentPath = path.resolve(__dirname, '..', '..');
  await runTests({
    extensionDevelopmentPath,
    extensionTestsPath: path.resolve(__dirname, 'suite', 'index'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
