import { open } from 'node:fs/promises';
import { UsageError } from './parseCliArgs.ts';

const MIB = 1024 * 1024;

/**
 * Reads a file a person named as UTF-8 text, refusing it with a `UsageError` once it passes
 * `maxBytes`. The size is checked before reading, and again while reading: a pipe or a device
 * (`import <(curl …)`, `/dev/zero`) reports no size, and a file can grow after it was measured,
 * so only counting what is read keeps memory bounded.
 */
export async function readCappedFile(path: string, maxBytes: number): Promise<string> {
  const limit = `the ${Math.round(maxBytes / MIB)} MB limit`;
  const file = await open(path, 'r');
  try {
    const info = await file.stat();
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (info.size > maxBytes)
      throw new UsageError(`${path}: ${Math.round(info.size / MIB)} MB is larger than ${limit}`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // A regular file in one read (one byte more shows whether it grew); anything else by the MB.
      const chunk = Buffer.allocUnsafe(total === 0 && info.isFile() ? info.size + 1 : MIB);
      const { bytesRead } = await file.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new UsageError(`${path}: more than ${limit}`);
      // A short read (a pipe gives 64 KiB at a time) is copied out: a view would keep the whole MB.
      chunks.push(bytesRead === chunk.length ? chunk : Buffer.from(chunk.subarray(0, bytesRead)));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    await file.close();
  }
}
