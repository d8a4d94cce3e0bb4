import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  /** What SMTP_URL would be: smtp://127.0.0.1:<port>. */
  url: string;
  /** Every message accepted, parsed, in the order they arrived. */
  messages: ParsedMail[];
  /**
   * The next message not yet taken by an earlier `next` that matches: one already
   * here, or the first to arrive. Rejects after `timeoutMs`, so a test that waits
   * for mail that never comes fails with a reason instead of hanging.
   */
  next(predicate?: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  /** Answers the next `count` messages (their DATA) with 451, a temporary failure a sender must retry. */
  rejectNext(count: number): void;
  stop(): Promise<void>;
}

interface Waiter {
  predicate: (mail: ParsedMail) => boolean;
  resolve: (mail: ParsedMail) => void;
}

/** A real SMTP server on a free local port, without TLS or required sign-in, keeping what it is sent. */
export async function startSmtp(opts: { rejectFirst?: number } = {}): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  const taken = new Set<ParsedMail>();
  const waiters = new Set<Waiter>();
  let rejecting = opts.rejectFirst ?? 0;

  const arrived = (mail: ParsedMail) => {
    messages.push(mail);
    for (const waiter of waiters) {
      if (!waiter.predicate(mail)) continue;
      taken.add(mail);
      waiters.delete(waiter);
      waiter.resolve(mail);
      return;
    }
  };

  const server = new SMTPServer({
    authOptional: true,
    // Any sign-in is accepted, so an SMTP_URL with a user and password works against it too.
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anyone' }),
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1_000,
    onData(stream, _session, callback) {
      if (rejecting > 0) {
        rejecting -= 1;
        stream.resume();
        return callback(Object.assign(new Error('Try again later: the test server is refusing for now'), { responseCode: 451 }));
      }
      // The answer (250) goes only once the message is parsed and kept: when a send resolves, the message is here.
      simpleParser(stream).then(
        (mail) => {
          arrived(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    next(predicate = () => true, timeoutMs = 10_000) {
      const here = messages.find((m) => !taken.has(m) && predicate(m));
      if (here) {
        taken.add(here);
        return Promise.resolve(here);
      }
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (mail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = messages.map((m) => `"${m.subject ?? ''}"`).join(', ') || 'none';
          reject(new Error(`no matching message arrived within ${timeoutMs} ms (messages received: ${seen})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    rejectNext(count) {
      rejecting = count;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
