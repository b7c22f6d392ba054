// Reads the files `validate -f` names: regular files, directories (their .yaml/.yml/.json files), or "-" for stdin.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestSource } from './check-chat-commands.ts';
import { UsageError } from './parse-options.ts';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

export async function readManifestSources(
  paths: readonly string[],
  stdin: NodeJS.ReadableStream,
): Promise<ManifestSource[]> {
  const sources: ManifestSource[] = [];
  for (const path of paths) {
    if (path === '-') {
      sources.push({ name: '<stdin>', text: await readStream(stdin) });
      continue;
    }
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new UsageError(`cannot read ${path}: no such file or directory`);
    }
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => MANIFEST_FILE.test(n)).sort();
      for (const n of names)
        sources.push({ name: join(path, n), text: await readFile(join(path, n), 'utf8') });
      continue;
    }
    sources.push({ name: path, text: await readFile(path, 'utf8') });
  }
  return sources;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
