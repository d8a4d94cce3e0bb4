import { createHash } from 'node:crypto';
import { z } from 'zod';

/** What the portal writes to people; each kind has its template in templates.ts. */
export const MESSAGE_KINDS = ['sign-in', 'decision-waiting', 'status-changed', 'overdue-reminder', 'plan-assigned'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** One message, ready to send: both alternatives already rendered, so a retry sends exactly what was queued. */
export const messageSchema = z.object({
  /** From messageId(): the same event always gets the same id, so queuing it twice is one message. */
  id: z.string().regex(/^[0-9a-f]{32}$/),
  kind: z.enum(MESSAGE_KINDS),
  to: z.email(),
  subject: z.string().min(1).max(200),
  text: z.string().min(1),
  html: z.string().min(1),
  createdAt: z.iso.datetime(),
  /** The request it is about, for HR reading the outbox; absent for sign-in links and reminders. */
  receipt: z.string().optional(),
});

export type MailMessage = z.infer<typeof messageSchema>;

/**
 * A deterministic id from what makes a message unique (its kind, receipt, status,
 * version...). Parts are joined with a separator no part contains, so
 * ('a', 'bc') and ('ab', 'c') differ.
 */
export function messageId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** Whatever delivers a message: SMTP, or the local outbox on a development machine. */
export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  /** Where messages go, in words, for logs and the command line (never a password). */
  readonly describe: string;
}
