import { NextResponse } from "next/server";
import { DomainError } from "@/lib/domain/errors";
import { receiveUpstreamCallback } from "@/lib/domain/carriers/http/receive-upstream-callback";

type Params = { connectionId: string; token: string };

/**
 * An HTTP upstream's status callback (SMS.to's, or another Subledger's): no session or key, the URL's token and
 * the body's signature are the proof. Stored, then answered at once: upstreams give up on slow receivers.
 */
export async function POST(req: Request, { params }: { params: Promise<Params> }) {
  const { connectionId, token } = await params;
  // past PostgreSQL's integer the look-up itself would fail (a 500): such an id names no connection
  const id = /^[1-9]\d{0,9}$/.test(connectionId) ? Number(connectionId) : 0;
  if (id <= 0 || id > 2_147_483_647) return NextResponse.json({ success: false, message: "No such callback." }, { status: 404 });
  const rawBody = (await req.text()).slice(0, 64 * 1024);
  try {
    await receiveUpstreamCallback({
      connectionId: id,
      token,
      rawBody,
      contentType: req.headers.get("content-type") ?? "",
      signature: req.headers.get("x-smsto-signature"),
    });
    return NextResponse.json({ success: true });
  } catch (err) {
    if (err instanceof DomainError) return NextResponse.json({ success: false, message: err.message }, { status: err.status });
    console.error("carrier callback failed", err);
    return NextResponse.json({ success: false, message: "Something went wrong." }, { status: 500 });
  }
}
