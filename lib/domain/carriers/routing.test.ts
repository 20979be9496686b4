import { describe, expect, it } from "vitest";
import { pickConnection, pickRoute, type ConnectionHealth, type Route, type RoutingTable } from "./routing";

function table(routes: Route[], connections: Partial<ConnectionHealth>[]): RoutingTable {
  return {
    routes,
    byPrefix: routes.filter((r) => /^\d+$/.test(r.destination)).sort((a, b) => b.destination.length - a.destination.length),
    byCountry: new Map(routes.filter((r) => /^[A-Z]{2}$/.test(r.destination)).map((r) => [r.destination, r])),
    fallback: routes.find((r) => r.destination === "*") ?? null,
    connections: new Map(connections.map((c, i) => [c.id ?? i + 1, { id: i + 1, name: `c${i + 1}`, kind: "smpp", paused: false, available: true, ...c } as ConnectionHealth])),
    sandboxId: 99,
  };
}

describe("routing", () => {
  const t = table(
    [
      { destination: "*", connectionIds: [1] },
      { destination: "GB", connectionIds: [2] },
      { destination: "44", connectionIds: [3] },
      { destination: "4477", connectionIds: [4] },
    ],
    [{}, {}, {}, {}],
  );

  it("takes the longest prefix, then the country, then '*'", () => {
    expect(pickRoute(t, "+447711123456", "GB")?.destination).toBe("4477");
    expect(pickRoute(t, "+447911123456", "GB")?.destination).toBe("44");
    expect(pickRoute(t, "+35799123456", "CY")?.destination).toBe("*");
    expect(pickRoute(table([{ destination: "GB", connectionIds: [1] }], [{}]), "+447911123456", "GB")?.destination).toBe("GB");
    expect(pickRoute(table([{ destination: "GB", connectionIds: [1] }], [{}]), "+35799123456", "CY")).toBeNull();
  });

  it("picks the first available connection, else the first not paused; failover never moves to the sandbox", () => {
    const t2 = table([], [{ id: 1, available: false }, { id: 2, available: true }, { id: 3, kind: "sandbox", available: true }, { id: 4, paused: true, available: false }]);
    expect(pickConnection(t2, [1, 2])?.id).toBe(2);
    expect(pickConnection(t2, [1, 4])?.id).toBe(1);
    expect(pickConnection(t2, [4])).toBeNull();
    expect(pickConnection(t2, [1, 3])?.id).toBe(3);
    expect(pickConnection(t2, [1, 3], 1)).toBeNull();
    expect(pickConnection(t2, [1, 2, 3], 1)?.id).toBe(2);
    expect(pickConnection(t2, [2, 1], 2)).toBeNull();
  });
});
