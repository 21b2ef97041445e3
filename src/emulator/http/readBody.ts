import type { IncomingMessage } from 'node:http';
import { ApiError } from '../apiError.ts';

/**
 * The request body: JSON parsed, the `payload_json` part of a multipart upload (files are not kept),
 * undefined when empty. Malformed JSON is Discord's 400/50109.
 */
export async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  const type = request.headers['content-type'] ?? '';
  const json = type.startsWith('multipart/form-data') ? payloadJson(text, type) : text;
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    throw new ApiError(400, 50109, 'The request body contains invalid JSON.');
  }
}

function payloadJson(text: string, contentType: string): string | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return undefined;
  for (const part of text.split(`--${marker}`)) {
    if (!part.includes('name="payload_json"')) continue;
    const start = part.indexOf('\r\n\r\n');
    return start === -1 ? undefined : part.slice(start + 4).replace(/\r\n$/, '');
  }
  return undefined;
}
