import { afterEach, describe, expect, it } from "vitest";
import { renderInvitationMail, resolveAppUrl } from "./invitation-mail";

const mail = {
  to: "ivy@example.test",
  inviterName: "Olivia Owner",
  accountName: "Acme Messaging",
  role: "admin" as const,
  link: "https://app.example.test/invite/abc_DEF-123",
  expiresAt: new Date("2026-12-04T16:40:00Z"),
};

describe("renderInvitationMail", () => {
  it("names the inviter and the account, and carries the link and the expiry in both bodies", () => {
    const out = renderInvitationMail(mail);
    expect(out.subject).toBe("Olivia Owner invited you to Acme Messaging on Subledger");
    expect(out.to).toBe("ivy@example.test");
    for (const body of [out.text, out.html]) {
      expect(body).toContain(mail.link);
      expect(body).toContain("Friday, 4 December 2026 at 16:40 UTC");
      expect(body).toContain("an admin");
    }
    expect(out.html).toContain(`href="${mail.link}"`);
  });

  it("escapes names in the HTML body", () => {
    const out = renderInvitationMail({ ...mail, inviterName: `<img src=x onerror="alert(1)">`, accountName: "Tom & Jerry's" });
    expect(out.html).not.toContain("<img");
    expect(out.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(out.html).toContain("Tom &amp; Jerry&#39;s");
    expect(out.text).toContain("Tom & Jerry's"); // plain text stays plain
  });
});

describe("resolveAppUrl", () => {
  const saved = process.env.APP_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.APP_URL;
    else process.env.APP_URL = saved;
  });

  it.each([
    ["https://app.example.test/", "http://127.0.0.1:3000", "https://app.example.test"],
    ["", "http://127.0.0.1:3000", "http://127.0.0.1:3000"],
    [undefined, "http://localhost:3000//", "http://localhost:3000"],
  ])("APP_URL %j with request origin %j gives %j", (appUrl, origin, expected) => {
    if (appUrl === undefined) delete process.env.APP_URL;
    else process.env.APP_URL = appUrl;
    expect(resolveAppUrl(origin)).toBe(expected);
  });

  it("refuses to build a link from nothing", () => {
    delete process.env.APP_URL;
    expect(() => resolveAppUrl(undefined)).toThrow(/APP_URL/);
  });
});
