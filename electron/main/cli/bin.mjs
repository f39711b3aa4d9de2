#!/usr/bin/env node
// The `loupe` command. It needs Node ≥ 22.13 (node:sqlite): when started by an older system Node
// outside npm, it re-runs itself with the Node pinned in the project. It builds the CLI bundle on
// first use, so `npx loupe` works straight after `npm install`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  const pinned = `${root}node_modules/node/bin/node`;
  if (!existsSync(pinned)) {
    console.error(
      `loupe needs Node 22.13 or newer (this is ${process.version}); run "npm install" in ${root}`,
    );
    process.exit(1);
  }
  const child = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(child.status ?? 1);
}
const cli = new URL('../../../dist/cli/loupe.mjs', import.meta.url);
if (!existsSync(cli)) {
  const build = spawnSync(process.execPath, [`${root}build/bundle.mjs`], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import(cli.href);
