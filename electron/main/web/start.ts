import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createChatTrainCore } from '../chattrain-core';
import { appVersion } from '../app-version';
import { bundledContentDir, builtRendererDir, defaultDataDir } from '../paths';
import { startWebServer } from './web-server';

/** `npm run web`: the app in a browser, served on 127.0.0.1. */
async function main() {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: process.env.CHATTRAIN_PORT ?? '0' },
    },
  });
  const rendererDir = builtRendererDir();
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error(`The renderer is not built (${rendererDir}). Run \`npm run build\` first, or use \`npm run web\`.`);
    process.exit(1);
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const core = await createChatTrainCore({ dataDir, bundledContentDir: bundledContentDir(), mode: 'web', appVersion: appVersion() });
  const server = await startWebServer({ core, rendererDir, port: Number(values.port), token: process.env.CHATTRAIN_WEB_TOKEN });
  console.log(`ChatTrain is running in browser mode (data: ${core.options.dataDir}).`);
  if (core.data.recovery) console.warn(`The database did not pass the start-up check (${core.data.recovery.message}). Open the page to restore a backup.`);
  console.log(`Open ${server.url}`);
  const stop = async () => {
    await server.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
