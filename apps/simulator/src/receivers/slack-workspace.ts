/** A message the bot posted, as the channel shows it now. */
export interface SlackMessage {
  channel: string;
  ts: string;
  /** The parent's ts for a reply in a thread. */
  threadTs?: string;
  text?: string;
  blocks?: unknown;
  attachments?: unknown;
  metadata?: unknown;
  /** How many times chat.update changed it. */
  edits: number;
}

/** What the Slack Web API answers: `ok` with fields, or `ok: false` with Slack's error code (under a 200). */
export type SlackAnswer = { ok: true; [field: string]: unknown } | { ok: false; error: string };

type Fields = Record<string, unknown>;

/** Channels and the bot's messages in them: `chat.postMessage` (threads by `thread_ts`) and `chat.update`. */
export class SlackWorkspace {
  #channels = new Map<string, SlackMessage[]>();
  #lastTsMicros = 0;

  postMessage(fields: Fields): SlackAnswer {
    const channel = fields.channel;
    if (typeof channel !== 'string' || channel === '') return { ok: false, error: 'channel_not_found' };
    if (!hasContent(fields)) return { ok: false, error: 'no_text' };
    const messages = this.#channels.get(channel) ?? [];
    const threadTs = typeof fields.thread_ts === 'string' ? fields.thread_ts : undefined;
    if (threadTs !== undefined && !messages.some((m) => m.ts === threadTs && m.threadTs === undefined)) {
      return { ok: false, error: 'thread_not_found' };
    }
    const message: SlackMessage = { channel, ts: this.#nextTs(), threadTs, ...content(fields), edits: 0 };
    messages.push(message);
    this.#channels.set(channel, messages);
    return { ok: true, channel, ts: message.ts, message: asSlack(message) };
  }

  update(fields: Fields): SlackAnswer {
    const channel = fields.channel;
    if (typeof channel !== 'string' || channel === '') return { ok: false, error: 'channel_not_found' };
    const message = this.#channels.get(channel)?.find((m) => m.ts === fields.ts);
    if (message === undefined) return { ok: false, error: 'message_not_found' };
    if (!hasContent(fields)) return { ok: false, error: 'no_text' };
    Object.assign(message, content(fields), { edits: message.edits + 1 });
    return { ok: true, channel, ts: message.ts, text: message.text ?? '', message: asSlack(message) };
  }

  /** One channel's messages in posting order (thread replies included; `threadTs` names their parent). */
  messages(channel: string): SlackMessage[] {
    return (this.#channels.get(channel) ?? []).map((m) => ({ ...m }));
  }

  clear(): void {
    this.#channels.clear();
  }

  /** Slack's ts: unix seconds with six digits of sequence, unique and increasing within the workspace. */
  #nextTs(): string {
    this.#lastTsMicros = Math.max(this.#lastTsMicros + 1, Date.now() * 1000);
    return (this.#lastTsMicros / 1e6).toFixed(6);
  }
}

function hasContent(fields: Fields): boolean {
  return (
    (typeof fields.text === 'string' && fields.text !== '') ||
    (Array.isArray(fields.blocks) && fields.blocks.length > 0) ||
    (Array.isArray(fields.attachments) && fields.attachments.length > 0)
  );
}

function content(fields: Fields): Pick<SlackMessage, 'text' | 'blocks' | 'attachments' | 'metadata'> {
  const picked: Pick<SlackMessage, 'text' | 'blocks' | 'attachments' | 'metadata'> = {};
  if (typeof fields.text === 'string') picked.text = fields.text;
  if (fields.blocks !== undefined) picked.blocks = fields.blocks;
  if (fields.attachments !== undefined) picked.attachments = fields.attachments;
  if (fields.metadata !== undefined) picked.metadata = fields.metadata;
  return picked;
}

function asSlack(message: SlackMessage): Fields {
  return {
    type: 'message',
    subtype: 'bot_message',
    ts: message.ts,
    ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
    text: message.text ?? '',
    ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
    ...(message.metadata === undefined ? {} : { metadata: message.metadata }),
  };
}
