import { ConnectorError } from '../connector.error.js';

/**
 * Reads an answer's body as UTF-8 text, refusing (as `malformed`) one larger than `maxBytes`: an upstream
 * that sends without end must not fill the process's memory. Errors of the stream itself propagate.
 */
export async function readBodyText(response: Response, maxBytes: number, what: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(what, maxBytes);
  }
  if (!response.body) return '';
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
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(what: string, maxBytes: number): ConnectorError {
  return new ConnectorError('malformed', `${what}: answer larger than ${maxBytes} bytes`);
}
