// A local SMTP server that keeps every message it receives as a JSON file, for the dev inbox page
// (/dev/mail) and for tests that follow a link from a real e-mail. Loopback only, no auth, no TLS.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { CapturedMail } from "../../lib/dev/captured-mail.ts";

const addressText = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).map((x) => x.text).join(", ");

export async function startMailCapture({ dir, port = 0 }: { dir: string; port?: number }) {
  fs.mkdirSync(dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const receivedAt = new Date().toISOString();
          const id = `${receivedAt.replace(/\D/g, "")}-${randomBytes(4).toString("hex")}`;
          const record: CapturedMail = {
            id,
            receivedAt,
            from: addressText(mail.from),
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? "(no subject)",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : null,
          };
          // write then rename: a reader never sees half a file
          const file = path.join(dir, `${id}.json`);
          fs.writeFileSync(`${file}.tmp`, JSON.stringify(record, null, 2));
          fs.renameSync(`${file}.tmp`, file);
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    dir,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
