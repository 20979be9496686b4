import nodemailer, { type Transporter } from "nodemailer";

let transport: Transporter | undefined;

/**
 * The SMTP transport from SMTP_URL (smtp://user:pass@host:port, or smtps:// for implicit TLS). The dev
 * launcher and the e2e server point it at the local capture server when SMTP_URL is not set.
 */
export function mailTransport(): Transporter {
  if (transport) return transport;
  const raw = process.env.SMTP_URL;
  if (!raw) throw new Error("SMTP_URL is not set: start the app with `npm run dev`, or point SMTP_URL at a mail server.");
  const url = new URL(raw);
  const isLoopback = ["127.0.0.1", "localhost", "::1", "[::1]"].includes(url.hostname);
  transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === "smtps:" ? 465 : 587)),
    secure: url.protocol === "smtps:",
    ignoreTLS: isLoopback,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
  });
  return transport;
}

export const MAIL_FROM = process.env.MAIL_FROM ?? "Subledger <no-reply@subledger.local>";

export async function sendMail(message: { to: string; subject: string; text: string; html?: string }) {
  return mailTransport().sendMail({ from: MAIL_FROM, ...message });
}
