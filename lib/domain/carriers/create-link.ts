import { openCarrierSecret } from "./carrier-secrets";
import { HttpUpstreamLink, type HttpLinkOptions } from "./http/http-upstream-link";
import type { CarrierLink } from "./link";
import { httpSettingsSchema } from "./schemas";
import { SmppLink } from "./smpp-link";
import type { SmppTimers } from "./smpp/smpp-connection";

export type OwnedConnection = {
  id: number;
  name: string;
  kind: "smpp" | "http";
  settings: unknown;
  secretSealed: string | null;
  callbackToken: string | null;
  failoverAfterSeconds: number;
};

export type LinkFactoryOptions = { http?: Partial<HttpLinkOptions>; smpp?: Partial<SmppTimers> };

/** Where an HTTP upstream posts its status callbacks for a connection (APP_URL, as the e-mails' links). */
export function upstreamCallbackUrl(connectionId: number, token: string) {
  const base = (process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, "");
  return `${base}/api/carrier-callbacks/${connectionId}/${token}`;
}

/** The live link of a connection, from its stored settings and sealed secret. */
export function createLink(connection: OwnedConnection, options: LinkFactoryOptions): CarrierLink {
  if (!connection.secretSealed) throw new Error(`${connection.name} has no secret stored: edit it and enter its password or key.`);
  const secret = openCarrierSecret(connection.secretSealed);
  if (connection.kind === "http") {
    if (!connection.callbackToken) throw new Error(`${connection.name} has no callback token.`);
    return new HttpUpstreamLink(httpSettingsSchema.parse(connection.settings), secret, upstreamCallbackUrl(connection.id, connection.callbackToken), options.http);
  }
  return new SmppLink(connection.id, connection.settings, secret, connection.failoverAfterSeconds, options.smpp);
}
