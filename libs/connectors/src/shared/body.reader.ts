import { ConnectorError } from '../connector.error.js';

/**
 * Reads an answer's body as UTF-8 text, refusing (as `malformed`) one larger than `maxBytes`: an upstream
 * that sends without end must not fill the process's memory. Errors of the stream itself propagate.
 */
export async function readBodyText(response: Response, maxBytes: number, what: string): Promise<string> {
  return (await readBodyBytes(response, maxBytes, what)).toString('utf8');
}

/** Reads an answer's body as bytes, refusing one larger than `maxBytes` as `readBodyText` does. */
export async function readBodyBytes(response: Response, maxBytes: number, what: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(what, maxBytes);
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw tooLarge(what, maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(what: string, maxBytes: number): ConnectorError {
  return new ConnectorError('malformed', `${what}: answer larger than ${maxBytes} bytes`);
}
