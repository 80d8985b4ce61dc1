import { ConnectorError } from '../connector.error.js';
import { readBodyText } from './body.reader.js';

function streamed(chunks: string[], headers: Record<string, string> = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { headers });
}

describe(readBodyText.name, () => {
  it('reads a body within the limit as UTF-8', async () => {
    await expect(readBodyText(streamed(['{"a":', '"é"}']), 100, 'test')).resolves.toBe('{"a":"é"}');
  });

  it('refuses a body that declares more than the limit, before reading it', async () => {
    const response = streamed(['x'], { 'content-length': '5000' });
    await expect(readBodyText(response, 100, 'X GET timeline')).rejects.toMatchObject({
      kind: 'malformed',
      message: 'X GET timeline: answer larger than 100 bytes',
    });
  });

  it('refuses a body that grows past the limit while it arrives', async () => {
    const response = streamed(['a'.repeat(60), 'b'.repeat(60)]);
    await expect(readBodyText(response, 100, 'test')).rejects.toThrow(ConnectorError);
  });

  it('reads an empty body as empty text', async () => {
    await expect(readBodyText(new Response(null), 100, 'test')).resolves.toBe('');
  });
});
