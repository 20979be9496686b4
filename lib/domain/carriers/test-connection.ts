import { prisma } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { openCarrierSecret } from "./carrier-secrets";
import { testHttpUpstream } from "./http/http-upstream-link";
import { connectionIdSchema, httpSettingsSchema } from "./schemas";

export type ConnectionTestResult = { ok: boolean; detail: string; ms: number };

/**
 * The "test" button: a fresh bind (SMPP) or a balance request (HTTP) with the saved settings, apart from the
 * owner's live link, then a clean unbind. Nothing is sent.
 */
export async function testConnection({ ctx, input }: { ctx: OperatorContext; input: { connectionId: number } }): Promise<ConnectionTestResult> {
  void ctx; // operators only: the adapter checked; a test changes nothing, so nothing is audited
  const { connectionId } = connectionIdSchema.parse(input);
  const connection = await prisma.carrierConnection.findFirst({ where: { id: connectionId, removedAt: null }, select: { kind: true, settings: true, secretSealed: true } });
  if (!connection) throw new NotFoundError("Carrier connection not found.");
  if (connection.kind === "sandbox") return { ok: true, detail: "The sandbox is always there (it sends nothing).", ms: 0 };
  if (!connection.secretSealed) return { ok: false, detail: "No password or key is stored: edit the connection.", ms: 0 };
  const secret = openCarrierSecret(connection.secretSealed);
  if (connection.kind === "http") return testHttpUpstream(httpSettingsSchema.parse(connection.settings), secret);
  const { testSmppConnection } = await import("./smpp-link");
  return testSmppConnection(connection.settings, secret);
}
