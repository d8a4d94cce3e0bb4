import type { Transporter } from 'nodemailer';
import { MissingSecret, type Env } from '../http/deployment.ts';
import type { SubmissionStore } from '../store/submissions.ts';
import { messageSchema, type MailMessage, type MailTransport } from './message.ts';

/**
 * Where mail goes: the district's SMTP server when SMTP_URL is set, else (only on a
 * development machine) the local outbox in the store, which /dev/outbox shows and
 * `npm run outbox` lists, so every flow works without a mail server.
 */

/** Mail is not set up on a deployed site. A MissingSecret, so the functions and tools that already name a missing variable name this one too. */
export class MailSetupError extends MissingSecret {
  constructor(variable: 'SMTP_URL' | 'MAIL_FROM', why: string) {
    super(variable);
    this.name = 'MailSetupError';
    this.message = `${variable} ${why}. Set it in the site's environment variables (see "Configure mail" in the README).`;
  }
}

const LOCAL_PREFIX = 'mail/local/';

export function mailTransport(env: Env, store: SubmissionStore, deployed: boolean): MailTransport {
  const url = env['SMTP_URL']?.trim();
  const from = env['MAIL_FROM']?.trim();
  if (!url) {
    // A deployed site never pretends to send: a message kept in its store would reach nobody.
    if (deployed) throw new MailSetupError('SMTP_URL', 'is not set: a deployed site needs a mail server to send its messages');
    return localOutbox(store);
  }
  if (!/^smtps?:\/\/[^/?#]+/.test(url)) throw new MailSetupError('SMTP_URL', 'is not an smtp:// or smtps:// address');
  if (!from) throw new MailSetupError('MAIL_FROM', 'is not set: messages need a sender address beside SMTP_URL');
  const domain = /@([^\s@<>]+)>?\s*$/.exec(from)?.[1];
  if (!domain) throw new MailSetupError('MAIL_FROM', 'is not an address like "Professional Growth <pd@your-district.org>"');
  return smtpTransport(url, from, domain);
}

function smtpTransport(url: string, from: string, domain: string): MailTransport {
  // nodemailer loads with the first message sent, not at import: most requests send none. One transport for all of them.
  let mailer: Promise<Transporter> | undefined;
  const connect = async () => {
    const { createTransport } = await import('nodemailer');
    // Short timeouts: a scheduled run has seconds, and a message that times out is tried again later.
    return createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  };
  const host = new URL(url).host;
  return {
    describe: `the mail server at ${host}`,
    async send(message) {
      const transport = await (mailer ??= connect());
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        // From the outbox id: a message sent twice after a crash reads as one to mail programs that look.
        messageId: `<${message.id}@${domain}>`,
      });
    },
  };
}

/** The development stand-in: keeps each message in the store, keyed so the newest lists first once reversed. */
function localOutbox(store: SubmissionStore): MailTransport {
  return {
    describe: 'the local outbox (a development machine: nothing leaves it; see /dev/outbox)',
    async send(message) {
      await store.blobStore.setJSON(`${LOCAL_PREFIX}${message.createdAt}-${message.id}`, messageSchema.parse(message));
    },
  };
}

/** Messages the local outbox holds, newest first (the newest `limit` of them). */
export async function localMessages(store: SubmissionStore, limit = 100): Promise<MailMessage[]> {
  const blobs = store.blobStore;
  const { blobs: listed } = await blobs.list({ prefix: LOCAL_PREFIX });
  // The key starts with the ISO time, so the order of keys is the order of time.
  const keys = listed
    .map((b) => b.key)
    .sort((a, b) => b.localeCompare(a))
    .slice(0, limit);
  const read = await Promise.all(keys.map(async (k) => messageSchema.safeParse(await blobs.get(k, { type: 'json' }))));
  return read.flatMap((r) => (r.success ? [r.data] : []));
}

/** Sends one message now, outside the outbox (the sign-in link, which is no use late); errors reach the caller. */
export async function sendNow(transport: MailTransport, message: MailMessage): Promise<void> {
  await transport.send(messageSchema.parse(message));
}
