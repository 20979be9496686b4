import fs from "node:fs/promises";
import path from "node:path";

// Mail received by the local capture server (scripts/lib/mail-capture.ts), one JSON file per message.
export type CapturedMail = {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
};

/** The capture folder, when this process runs next to the capture server (dev launcher, e2e); else null. */
export function captureDir() {
  return process.env.MAIL_CAPTURE_DIR ? path.resolve(process.env.MAIL_CAPTURE_DIR) : null;
}

export async function listCapturedMail(dir = captureDir()): Promise<CapturedMail[]> {
  if (!dir) return [];
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const mails = await Promise.all(
    names
      .filter((n) => n.endsWith(".json"))
      .map(async (n) => JSON.parse(await fs.readFile(path.join(dir, n), "utf8")) as CapturedMail),
  );
  return mails.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}
