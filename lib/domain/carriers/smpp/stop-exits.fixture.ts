// Run by smpp-connection.test.ts in a child process: after stop() and close() nothing may keep Node alive, so
// this script has to end by itself (no process.exit) for the test to pass.
import { startFakeSmsc } from "./fake-smsc";
import { SmppConnection } from "./smpp-connection";

const smsc = await startFakeSmsc({ answerDelayMs: 1 });
let receipts = 0;
const conn = new SmppConnection(
  {
    host: smsc.host, port: smsc.port, tls: false, systemId: "x", password: "y", systemType: "", bindMode: "transceiver", binds: 2,
    window: 5, tps: null, enquireLinkSeconds: 1, longMessageMethod: "udh",
    sourceAddress: { alphanumeric: { ton: 5, npi: 0 }, international: { ton: 1, npi: 1 }, shortCode: { ton: 3, npi: 0 } },
  },
  { onReceipts: async (r) => void (receipts += r.length) },
  { reconnectBaseMs: 5 },
);
conn.start();
const outcomes = await Promise.all(
  Array.from({ length: 50 }, (_, i) => conn.submit({ id: `${i}`, recipient: `3579900${i + 1000}`, sender: "Test", body: "hi", encoding: "gsm7" })),
);
const deadline = Date.now() + 5_000;
while (receipts < 50 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
await conn.stop();
await smsc.close();
console.log(`accepted ${outcomes.filter((o) => o.kind === "accepted").length}, receipts ${receipts}, unbinds ${smsc.stats().unbinds}`);
