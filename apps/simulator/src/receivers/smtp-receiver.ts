import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { Inbox } from './inbox.js';
import type { ReceiverFaults } from './receiver-faults.js';

/** A message as the SMTP receiver files it, once per recipient. */
export interface ReceivedEmail {
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string[];
  subject: string;
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  date?: string;
  text?: string;
  html?: string;
  /** The login the client used, if it authenticated. */
  user?: string;
}

/**
 * An SMTP server (plain, no STARTTLS, any login accepted) that files each message under every envelope
 * recipient. The idempotency key is the `Idempotency-Key` header, else the Message-ID: a message sent again
 * after a crash comes with the same Message-ID and is counted as a duplicate.
 */
export function buildSmtpReceiver({ inbox, faults }: { inbox: Inbox; faults: ReceiverFaults }): SMTPServer {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    // A client still connected when the simulator stops (Beacon's send in flight, a test's) is cut off
    // soon, as the HTTP receivers' are at once: the default waited 30 s, the length of Beacon's own grace.
    closeTimeout: 500,
    logger: false,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
    // Down or throttled: refused at the greeting, as a server that is shutting down or overloaded does.
    onConnect: (_session, callback) => {
      const fault = faults.take('smtp', ['down', 'throttled']);
      if (fault === undefined) return callback();
      inbox.record(
        { kind: 'email', target: 'smtp', status: 421, headers: {}, body: undefined, rawBody: '' },
        false,
      );
      const message =
        fault.respond === 'down' ? 'Service not available' : 'Too many messages, try again later';
      return callback(Object.assign(new Error(message), { responseCode: 421 }));
    },
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          const fault = faults.take('smtp', ['serverError']);
          const email: ReceivedEmail = {
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            from: addresses(mail.from)[0] ?? '',
            to: addresses(mail.to),
            subject: mail.subject ?? '',
            messageId: mail.messageId,
            inReplyTo: mail.inReplyTo,
            references: typeof mail.references === 'string' ? [mail.references] : (mail.references ?? []),
            date: mail.date?.toISOString(),
            text: mail.text,
            html: typeof mail.html === 'string' ? mail.html : undefined,
            user: userOf(session),
          };
          const headers = Object.fromEntries(
            [...mail.headerLines].map(({ key, line }) => [key, line.slice(key.length + 1).trim()]),
          );
          const key = headers['idempotency-key'] ?? mail.messageId;
          const status = fault === undefined ? 250 : 451;
          for (const recipient of email.envelopeTo) {
            inbox.record(
              {
                kind: 'email',
                target: recipient.toLowerCase(),
                status,
                headers,
                body: email,
                rawBody: '',
                idempotencyKey: key,
              },
              fault === undefined,
            );
          }
          if (fault === undefined) callback();
          else
            callback(
              Object.assign(new Error('Requested action aborted: local error in processing'), {
                responseCode: 451,
              }),
            );
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  return server;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((entry) => entry.value.map((a) => a.address ?? '')).filter((a) => a !== '');
}

function userOf(session: SMTPServerSession): string | undefined {
  const user = session.user as unknown;
  return typeof user === 'string' ? user : undefined;
}
