// Placeholder until the SMPP link manager (lib/domain/carriers/smpp/) is merged: this file becomes its adapter.
import type { ConnectionTestResult } from "./test-connection";

export async function testSmppConnection(settings: unknown, password: string): Promise<ConnectionTestResult> {
  void settings;
  void password;
  return { ok: false, detail: "SMPP links are not wired yet.", ms: 0 };
}
