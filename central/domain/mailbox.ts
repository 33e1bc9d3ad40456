/**
 * The message outbox, which in the sandbox is also the development mailbox:
 * e-mails and SMS the API "sends" are rows here, written in the same
 * transaction as the change that caused them, and listed as JSON (the HTTP
 * layer adds the page). A generated password is in the body of its message,
 * because delivering it is the point; that is the only place it exists in
 * clear, and only in the sandbox, which sends nothing anywhere.
 */
import { isoUtc } from './clock.ts';
import type { CentralDatabase } from '../storage/database.ts';

export type MessageChannel = 'email' | 'sms';
export type MessageKind = 'generated_password' | 'account_activated' | 'deferred_enrollment_failed' | 'sign_in_unlock_code' | 'sign_in_second_factor';

export interface OutgoingMessage {
  readonly channel: MessageChannel;
  readonly recipient: string;
  readonly kind: MessageKind;
  readonly subject?: string;
  readonly body: string;
}

export interface StoredMessage extends OutgoingMessage {
  readonly id: number;
  readonly createdAt: string;
}

export class Mailbox {
  readonly #insert;
  readonly #list;
  constructor(db: CentralDatabase) {
    this.#insert = db.prepare<[string, string, string, string | null, string, number]>(
      'INSERT INTO messages (channel, recipient, kind, subject, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.#list = db.prepare<
      [{ recipient: string | null; channel: string | null; limit: number }],
      { id: number; channel: string; recipient: string; kind: string; subject: string | null; body: string; created_at: number }
    >('SELECT * FROM messages WHERE (@recipient IS NULL OR recipient = @recipient) AND (@channel IS NULL OR channel = @channel) ORDER BY id DESC LIMIT @limit');
  }

  /** Call inside the transaction of the change the message reports. */
  enqueue(message: OutgoingMessage, now: number): void {
    this.#insert.run(message.channel, message.recipient, message.kind, message.subject ?? null, message.body, now);
  }

  /** Newest first, as plain JSON-ready objects. */
  list(filter: { recipient?: string; channel?: MessageChannel; limit?: number } = {}): StoredMessage[] {
    return this.#list.all({ recipient: filter.recipient ?? null, channel: filter.channel ?? null, limit: Math.min(filter.limit ?? 50, 500) }).map((r) => ({
      id: r.id,
      channel: r.channel as MessageChannel,
      recipient: r.recipient,
      kind: r.kind as MessageKind,
      ...(r.subject === null ? {} : { subject: r.subject }),
      body: r.body,
      createdAt: isoUtc(r.created_at),
    }));
  }
}
