import { describe, expect, it } from "vitest";
import { listMembersQuerySchema } from "./list-members-schema";

describe("listMembersQuerySchema: a hand-edited URL never errors", () => {
  it("gives the defaults for an empty query", () => {
    expect(listMembersQuerySchema.parse({})).toEqual({ page: 1, pageSize: 25, sort: "name", q: "", status: "open", payment: "any", expand: [] });
  });

  it.each([
    [{ page: "0" }, { page: 1 }],
    [{ page: "abc" }, { page: 1 }],
    [{ pageSize: "1000" }, { pageSize: 25 }],
    [{ pageSize: "50" }, { pageSize: 50 }],
    [{ sort: "drop table" }, { sort: "name" }],
    [{ sort: "-balance" }, { sort: "-balance" }],
    [{ status: "deleted" }, { status: "open" }],
    [{ payment: "free" }, { payment: "any" }],
    [{ expand: "4,x,-1,7" }, { expand: [4, 7] }],
    [{ q: "  umbrella " }, { q: "umbrella" }],
  ])("%j → %j", (input, expected) => {
    expect(listMembersQuerySchema.parse(input)).toMatchObject(expected);
  });
});
