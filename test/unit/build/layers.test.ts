import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layers of docs/design.md §2 as lint zones (build/eslint.config.js): in each zone a forbidden
 * import fails lint, and an allowed one passes. Each case lints a line as if it were an existing
 * file of the zone, so the typed rules see a file their project contains.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfigFile: 'build/eslint.config.js' });

async function restricted(file: string, line: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${line}\nexport const used = value;\n`, {
    filePath: `${root}${file}`,
  });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

const zones: { file: string; forbidden: string[]; allowed: string[] }[] = [
  {
    file: 'shared/geometry.ts',
    forbidden: ["import { value } from 'node:fs';", "import { value } from '../electron/main/version.ts';"],
    allowed: ["import { value } from './random.ts';"],
  },
  {
    file: 'renderer/src/loupe.ts',
    forbidden: [
      "import { value } from '../../electron/main/version.ts';",
      "import { value } from 'node:path';",
    ],
    allowed: ["import { value } from '../../shared/random.ts';"],
  },
  {
    file: 'electron/desktop/window.ts',
    forbidden: [
      "import { value } from '../localApi/server/reply.ts';",
      "import { value } from '../../renderer/src/loupe.ts';",
    ],
    allowed: ["import { value } from '../main/loupeApp.ts';", "import { value } from 'electron';"],
  },
  {
    file: 'electron/desktop/preload/preload.ts',
    forbidden: [
      "import { value } from 'node:fs';",
      "import { value } from '../../main/version.ts';",
      "import { value } from '../window.ts';",
    ],
    allowed: ["import { value } from '../../../shared/contract.ts';", "import { value } from 'electron';"],
  },
  {
    file: 'electron/main/loupeApp.ts',
    forbidden: ["import { value } from 'electron';", "import { value } from '../desktop/window.ts';"],
    allowed: [
      "import { value } from '../localApi/server/reply.ts';",
      "import { value } from '../io/sqlite.ts';",
    ],
  },
  {
    file: 'electron/localApi/server/reply.ts',
    forbidden: [
      "import { value } from '../../main/endpointResolver.ts';",
      "import { value } from '../../desktop/window.ts';",
      "import { value } from 'electron';",
    ],
    allowed: [
      "import { value } from '../../io/sqlite.ts';",
      "import { value } from '../../../shared/random.ts';",
    ],
  },
  {
    file: 'electron/io/sqlite.ts',
    forbidden: [
      "import { value } from '../main/version.ts';",
      "import { value } from '../localApi/server/reply.ts';",
    ],
    allowed: ["import { value } from '../../shared/LoupeError.ts';", "import { value } from 'node:fs';"],
  },
];

describe('layers are lint zones', () => {
  for (const zone of zones) {
    it(`${zone.file}: forbidden imports fail, allowed ones pass`, async () => {
      for (const line of zone.forbidden) expect(await restricted(zone.file, line), line).toHaveLength(1);
      for (const line of zone.allowed) expect(await restricted(zone.file, line), line).toEqual([]);
    }, 60_000);
  }
});
