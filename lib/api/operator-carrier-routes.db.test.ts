// The operators' carrier API (/api/v1/operator/carriers…, /api/v1/operator/carrier-routes…), called as Next calls
// it against the real database: wire shapes checked against their schemas, status codes, secrets never read
// back. Who else may call it is lib/security/operator-matrix.db.test.ts's.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { stopQueue } from "@/lib/jobs/boss";
import { connectionListSchema, connectionSchema, connectionTestSchema, routeListSchema, routeSchema } from "@/lib/api/v1/carriers";
import { createOperatorKey } from "@/lib/domain/platform/create-operator-key";
import { apiRequest, expectBody, expectError, keyOf, routeParams } from "@/lib/testing/api-requests";
import { makeTenant } from "@/lib/testing/factories";
import { testOperator } from "@/lib/testing/operator";
import * as connections from "@/app/api/v1/operator/carriers/route";
import * as connection from "@/app/api/v1/operator/carriers/[id]/route";
import * as pause from "@/app/api/v1/operator/carriers/[id]/pause/route";
import * as resume from "@/app/api/v1/operator/carriers/[id]/resume/route";
import * as test from "@/app/api/v1/operator/carriers/[id]/test/route";
import * as routes from "@/app/api/v1/operator/carrier-routes/route";
import * as route from "@/app/api/v1/operator/carrier-routes/[id]/route";

let key: string;
const made = { connections: [] as number[], routes: [] as number[] };

beforeAll(async () => {
  key = (await createOperatorKey({ ctx: await testOperator(), input: { name: "carrier api" } })).plaintext;
});

afterAll(async () => {
  for (const id of made.routes) await route.DELETE(apiRequest(`/api/v1/operator/carrier-routes/${id}`, key, { method: "DELETE" }), routeParams({ id: String(id) }));
  for (const id of made.connections) await connection.DELETE(apiRequest(`/api/v1/operator/carriers/${id}`, key, { method: "DELETE" }), routeParams({ id: String(id) }));
  await stopQueue();
});

const at = (id: number | string) => routeParams({ id: String(id) });
const list = () => connections.GET(apiRequest("/api/v1/operator/carriers", key));
const create = (body: unknown, as = key) => connections.POST(apiRequest("/api/v1/operator/carriers", as, { body }));
const get = (id: number | string, as = key) => connection.GET(apiRequest(`/api/v1/operator/carriers/${id}`, as), at(id));
const patch = (id: number | string, body: unknown) => connection.PATCH(apiRequest(`/api/v1/operator/carriers/${id}`, key, { method: "PATCH", body }), at(id));
const remove = (id: number | string) => connection.DELETE(apiRequest(`/api/v1/operator/carriers/${id}`, key, { method: "DELETE" }), at(id));
const post = (handler: typeof pause.POST, verb: string) => (id: number | string) => handler(apiRequest(`/api/v1/operator/carriers/${id}/${verb}`, key, { method: "POST" }), at(id));
const doPause = post(pause.POST, "pause");
const doResume = post(resume.POST, "resume");
const doTest = post(test.POST, "test");
const listRoutes = () => routes.GET(apiRequest("/api/v1/operator/carrier-routes", key));
const addRoute = (body: unknown) => routes.POST(apiRequest("/api/v1/operator/carrier-routes", key, { body }));
const putRoute = (id: number | string, body: unknown) => route.PUT(apiRequest(`/api/v1/operator/carrier-routes/${id}`, key, { method: "PUT", body }), at(id));
const removeRoute = (id: number | string) => route.DELETE(apiRequest(`/api/v1/operator/carrier-routes/${id}`, key, { method: "DELETE" }), at(id));

const smppBody = (name = `SMSC ${randomUUID().slice(0, 8)}`) => ({
  kind: "smpp",
  name,
  settings: { host: "smsc.example.net", port: 2775, system_id: "acme", binds: 2, tps: 50 },
  password: "s3cret",
});
// nothing listens on port 9: a test of it fails at once
const httpBody = (name = `Upstream ${randomUUID().slice(0, 8)}`) => ({
  kind: "http",
  name,
  settings: { base_url: "http://127.0.0.1:9/", window: 5, tps: null },
  api_key: "upstream-api-key",
  callback_secret: "signing-secret",
});

async function created(body: unknown) {
  const c = await expectBody(await create(body), 201, connectionSchema);
  made.connections.push(c.id);
  return c;
}

describe("carrier connections", () => {
  it("POST creates an SMPP connection with the settings' defaults filled in: 201, its location, the password never read back", async () => {
    const res = await create(smppBody());
    const c = await expectBody(res, 201, connectionSchema);
    made.connections.push(c.id);
    expect(res.headers.get("location")).toBe(`/api/v1/operator/carriers/${c.id}`);
    expect(c).toMatchObject({
      kind: "smpp",
      paused: false,
      failover_after_seconds: 30,
      password_set: true,
      routes: [],
      settings: {
        host: "smsc.example.net", port: 2775, tls: false, system_id: "acme", system_type: "", bind_mode: "transceiver", binds: 2, window: 10, tps: 50,
        source_address: { alphanumeric: { ton: 5, npi: 0 }, international: { ton: 1, npi: 1 }, short_code: { ton: 3, npi: 0 } },
        enquire_link_seconds: 30, long_message_method: "udh",
      },
      state: { state: "no_owner", queue_depth: 0 },
    });
    expect(JSON.stringify(c)).not.toContain("s3cret");
    expect(await expectBody(await get(c.id), 200, connectionSchema)).toEqual(c);
  });

  it("POST creates an HTTP upstream with its callback URL; the key and signing secret are never read back", async () => {
    const c = await created(httpBody());
    expect(c).toMatchObject({ kind: "http", api_key_set: true, callback_secret_set: true, settings: { base_url: "http://127.0.0.1:9", window: 5, tps: null } });
    if (c.kind !== "http") throw new Error("an HTTP connection");
    expect(c.callback_url).toMatch(new RegExp(`/api/carrier-callbacks/${c.id}/[\\w-]{20,}$`));
    expect(JSON.stringify(c)).not.toMatch(/upstream-api-key|signing-secret/);
  });

  it("POST refuses what the console refuses, naming the wire's fields: 422; a taken name: 409", async () => {
    const bad = await expectError(await create({ ...smppBody(), settings: { host: "not a host!", port: 70000, system_id: "" }, password: "" }), 422);
    expect(Object.keys(bad.details ?? {}).sort()).toEqual(["password", "settings.host", "settings.port", "settings.system_id"]);
    expect(bad.details?.["settings.host"]).toEqual(["A host name or an IP address."]);
    expect((await expectError(await create({ ...smppBody(), password: "ten chars!" }), 422)).details?.password).toEqual(["An SMPP password is at most 9 characters (SMPP 3.4)."]);
    expect((await expectError(await create({ name: "No kind" }), 422)).details).toHaveProperty("kind");
    expect((await expectError(await create({ ...httpBody(), settings: { base_url: "ftp://x.test" } }), 422)).details).toHaveProperty(["settings.base_url"]);

    const first = await created(httpBody());
    const clash = await expectError(await create(httpBody(first.name.toUpperCase())), 409);
    expect(clash.code).toBe("connection_name_taken");
  });

  it("GET lists every connection, the sandbox last; an unknown or malformed id is a 404", async () => {
    const c = await created(smppBody());
    const all = await expectBody(await list(), 200, connectionListSchema);
    expect(all.total).toBe(all.data.length);
    expect(all.data.map((x) => x.id)).toContain(c.id);
    expect(all.data.at(-1)).toMatchObject({ kind: "sandbox", name: "Sandbox", settings: null, state: { state: "sandbox" } });
    for (const id of ["2000000000", "abc", "0", "2147483648"]) await expectError(await get(id), 404);
  });

  it("PATCH lays the settings sent over the stored ones, keeps an empty secret, and refuses the other kind's fields and the sandbox", async () => {
    const c = await created(smppBody());
    const sealed = async () => (await prisma.carrierConnection.findUniqueOrThrow({ where: { id: c.id }, select: { secretSealed: true } })).secretSealed;
    const before = await sealed();
    const changed = await expectBody(await patch(c.id, { settings: { tps: 80, tls: true }, failover_after_seconds: 90, password: "" }), 200, connectionSchema);
    expect(changed).toMatchObject({ name: c.name, failover_after_seconds: 90, settings: { ...c.settings, tps: 80, tls: true } });
    expect(await sealed()).toBe(before);
    await expectBody(await patch(c.id, { password: "n3w" }), 200, connectionSchema);
    expect(await sealed()).not.toBe(before);

    const wrongKind = await expectError(await patch(c.id, { settings: { base_url: "https://api.sms.to" } }), 422);
    expect(Object.keys(wrongKind.details ?? {})).toEqual(["settings"]);
    expect((await expectError(await patch(c.id, { settings: { port: 0 } }), 422)).details).toHaveProperty(["settings.port"]);
    const sandbox = (await expectBody(await list(), 200, connectionListSchema)).data.find((x) => x.kind === "sandbox")!;
    expect((await expectError(await patch(sandbox.id, { name: "Mine" }), 409)).code).toBe("sandbox_fixed");
    await expectError(await patch(2_000_000_000, { name: "x" }), 404);
  });

  it("pause and resume answer with the connection as it is after; test says what came back without failing the request", async () => {
    const c = await created(httpBody());
    expect(await expectBody(await doPause(c.id), 200, connectionSchema)).toMatchObject({ paused: true, state: { state: "paused" } });
    expect(await expectBody(await doPause(c.id), 200, connectionSchema)).toMatchObject({ paused: true });
    expect(await expectBody(await doResume(c.id), 200, connectionSchema)).toMatchObject({ paused: false, state: { state: "no_owner" } });

    const tested = await expectBody(await doTest(c.id), 200, connectionTestSchema);
    expect(tested.ok).toBe(false);
    expect(tested.detail).not.toBe("");
    const sandbox = (await expectBody(await list(), 200, connectionListSchema)).data.find((x) => x.kind === "sandbox")!;
    expect(await expectBody(await doTest(sandbox.id), 200, connectionTestSchema)).toMatchObject({ ok: true, ms: 0 });
    for (const call of [doPause, doResume, doTest]) await expectError(await call(2_000_000_000), 404);
  });

  it("DELETE is refused while a route uses the connection, then removes it: 204, and it is gone", async () => {
    const c = await created(smppBody());
    const r = await expectBody(await addRoute({ destination: "777123", connection_ids: [c.id] }), 201, routeSchema);
    const refused = await expectError(await remove(c.id), 409);
    expect(refused.message).toContain("777123");
    expect((await removeRoute(r.id)).status).toBe(204);
    const res = await remove(c.id);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    await expectError(await get(c.id), 404);
    await expectError(await remove(c.id), 404);
  });

  it("a tenant's key is told the API does not exist", async () => {
    const tenant = await makeTenant();
    const tenantKey = (await keyOf(tenant, tenant.masterAccountId)).plaintext;
    await expectError(await connections.GET(apiRequest("/api/v1/operator/carriers", tenantKey)), 404);
    await expectError(await create(smppBody(), tenantKey), 404);
  });
});

describe("carrier routes", () => {
  it("POST, PUT, GET and DELETE a route: destinations normalised, connections in order, 409 on a taken destination, 422 naming the field", async () => {
    const a = await created(smppBody());
    const b = await created(httpBody());
    const res = await addRoute({ destination: "+77712", connection_ids: [a.id, b.id] });
    const r = await expectBody(res, 201, routeSchema);
    made.routes.push(r.id);
    expect(res.headers.get("location")).toBe(`/api/v1/operator/carrier-routes/${r.id}`);
    expect(r).toMatchObject({ destination: "77712", match: "prefix", connections: [{ id: a.id, name: a.name }, { id: b.id, name: b.name }] });

    const longer = await expectBody(await addRoute({ destination: "7771234", connection_ids: [b.id] }), 201, routeSchema);
    made.routes.push(longer.id);
    const all = await expectBody(await listRoutes(), 200, routeListSchema);
    const mine = all.data.filter((x) => x.id === r.id || x.id === longer.id).map((x) => x.destination);
    expect(mine).toEqual(["7771234", "77712"]);

    expect((await expectError(await addRoute({ destination: "77712", connection_ids: [b.id] }), 409)).code).toBe("route_exists");
    expect((await expectError(await addRoute({ destination: "+0abc", connection_ids: [a.id] }), 422)).details).toHaveProperty("destination");
    expect((await expectError(await addRoute({ destination: "77713", connection_ids: [] }), 422)).details).toHaveProperty("connection_ids");
    expect((await expectError(await addRoute({ destination: "77713", connection_ids: [a.id, a.id] }), 422)).details).toHaveProperty("connection_ids");
    expect((await expectError(await addRoute({ destination: "77713", connection_ids: [2_000_000_000] }), 422)).details).toHaveProperty("connection_ids");

    const swapped = await expectBody(await putRoute(r.id, { destination: "77712", connection_ids: [b.id, a.id] }), 200, routeSchema);
    expect(swapped.connections.map((c) => c.id)).toEqual([b.id, a.id]);
    await expectError(await putRoute(2_000_000_000, { destination: "77799", connection_ids: [a.id] }), 404);
    expect((await expectError(await putRoute(longer.id, { destination: "77712", connection_ids: [a.id] }), 409)).code).toBe("route_exists");

    expect((await removeRoute(r.id)).status).toBe(204);
    await expectError(await removeRoute(r.id), 404);
  });
});
