/**
 * A mail server on 127.0.0.1 that speaks just enough SMTP (EHLO/HELO, MAIL, RCPT, DATA, RSET,
 * NOOP, QUIT; no TLS, no authentication) to take a Django mail and keep it: a stand-in for
 * a mail catcher such as Mailpit where its binary is not installed.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as sent (headers and body), dot-stuffing undone. */
  data: string;
}

export interface SmtpSink {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

function serve(socket: Socket, mails: ReceivedMail[]): void {
  let buffer = '';
  let current: ReceivedMail = { from: '', to: [], data: '' };
  let inData = false;
  const reply = (line: string) => socket.write(`${line}\r\n`);
  reply('220 sink.test ESMTP ready');
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (inData) {
        if (line === '.') {
          inData = false;
          mails.push(current);
          current = { from: '', to: [], data: '' };
          reply('250 2.0.0 queued');
        } else {
          current.data += `${line.startsWith('..') ? line.slice(1) : line}\n`;
        }
        continue;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') socket.write('250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
      else if (verb === 'HELO') reply('250 sink.test');
      else if (verb === 'MAIL') (current.from = /<(.*)>/.exec(line)?.[1] ?? ''), reply('250 2.1.0 ok');
      else if (verb === 'RCPT') current.to.push(/<(.*)>/.exec(line)?.[1] ?? ''), reply('250 2.1.5 ok');
      else if (verb === 'DATA') (inData = true), reply('354 end data with <CR><LF>.<CR><LF>');
      else if (verb === 'RSET') (current = { from: '', to: [], data: '' }), reply('250 2.0.0 ok');
      else if (verb === 'NOOP') reply('250 2.0.0 ok');
      else if (verb === 'QUIT') reply('221 2.0.0 bye'), socket.end();
      else reply('502 5.5.2 command not implemented');
    }
  });
  socket.on('error', () => socket.destroy());
}

export function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const server: Server = createServer((socket) => serve(socket, mails));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (!address || typeof address === 'string') return reject(new Error('the SMTP sink has no port'));
      resolve({ port: address.port, mails, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
