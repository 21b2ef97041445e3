import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../apiError.ts';

/** A file part of a multipart upload: `files[n]` in discord.js's form. */
export interface Upload {
  index: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** The files of the request being handled, for the message it creates or edits. */
const requestUploads = new AsyncLocalStorage<readonly Upload[]>();

export const withUploads = <T>(uploads: readonly Upload[], work: () => T): T => requestUploads.run(uploads, work);
export const currentUploads = (): readonly Upload[] => requestUploads.getStore() ?? [];

/**
 * The request body: JSON parsed — for a multipart upload, its `payload_json` part, with the file
 * parts kept byte for byte — undefined when empty. Malformed JSON is Discord's 400/50109.
 */
export async function readBody(request: IncomingMessage): Promise<{ json: unknown; uploads: Upload[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { json: undefined, uploads: [] };
  const type = request.headers['content-type'] ?? '';
  const parts = type.startsWith('multipart/form-data') ? multipart(raw, type) : undefined;
  const text = parts ? parts.find((p) => p.name === 'payload_json')?.data.toString('utf8') : raw.toString('utf8');
  const uploads = (parts ?? []).flatMap((p) => {
    const index = /^files\[(\d+)\]$/.exec(p.name)?.[1];
    return index !== undefined && p.filename
      ? [{ index, filename: p.filename, contentType: p.contentType ?? 'application/octet-stream', data: p.data }]
      : [];
  });
  if (text === undefined) return { json: undefined, uploads };
  try {
    return { json: JSON.parse(text), uploads };
  } catch {
    throw new ApiError(400, 50109, 'The request body contains invalid JSON.');
  }
}

interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** The parts of a multipart/form-data body, split on its boundary without decoding the bytes. */
function multipart(raw: Buffer, contentType: string): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return [];
  const delimiter = Buffer.from(`--${marker}`);
  const parts: Part[] = [];
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = raw.subarray(start + delimiter.length + 2, next - 2); // CRLF after the marker, before the next
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1) {
      const head = part.subarray(0, split).toString('utf8');
      const name = header(head, /name="([^"]*)"/);
      const filename = header(head, /filename="([^"]*)"/);
      const type = header(head, /content-type:\s*([^\r\n]+)/i)?.trim();
      if (name !== undefined) {
        parts.push({
          name,
          data: Buffer.from(part.subarray(split + 4)),
          ...(filename ? { filename } : {}),
          ...(type ? { contentType: type } : {}),
        });
      }
    }
    start = next;
  }
  return parts;
}

const header = (head: string, pattern: RegExp): string | undefined => pattern.exec(head)?.[1];
