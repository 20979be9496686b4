import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { sqlStateOf } from "@/lib/db/errors";
import { makeChild, makeTenant } from "@/lib/testing/factories";
import { rejection } from "@/lib/testing/assertions";

// The account's static rules are a trigger (prisma/sql/account_shape_check.sql), not CHECK
// constraints, so that the ledger's balance UPDATEs do not parse them; they must refuse exactly what the
// constraints refused, with the same SQLSTATE and name, on INSERT and on an UPDATE of their columns.
const violation = async (promise: Promise<unknown>, constraint: string) => {
  const err = await rejection(promise);
  expect(sqlStateOf(err)).toBe("23514");
  expect(err.message).toContain(constraint);
};

describe("the account's shape rules", () => {
  it("refuse a bad new account: blank name, non-positive monthly limit, postpaid without invoicing, invoicing on prepaid", async () => {
    const tenant = await makeTenant();
    const insert = (columns: string, values: string) =>
      prisma.$executeRawUnsafe(
        `INSERT INTO account (tenant_id, parent_id, currency, ${columns}) VALUES ($1, $1, 'EUR', ${values})`,
        tenant.tenantId,
      );
    await violation(insert("name", "'   '"), "account_name_not_blank");
    await violation(insert("name, monthly_volume_limit", "'Zero limit', 0"), "account_monthly_limit_positive");
    await violation(insert("name, payment_model", "'Postpaid', 'postpaid'"), "account_postpaid_has_invoicing");
    await violation(insert("name, invoicing_account_id", `'Prepaid', ${tenant.masterAccountId}`), "account_invoicing_only_postpaid");
    expect(await prisma.account.count({ where: { tenantId: tenant.tenantId, kind: "customer" } })).toBe(1);
  });

  it("refuse the same on an UPDATE, and let a valid one through", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant, { name: "Member" });
    const update = (set: string) =>
      prisma.$executeRawUnsafe(`UPDATE account SET ${set} WHERE tenant_id = $1 AND id = $2`, tenant.tenantId, child.id);
    await violation(update("name = ''"), "account_name_not_blank");
    await violation(update("monthly_volume_limit = -5"), "account_monthly_limit_positive");
    await violation(update("payment_model = 'postpaid'"), "account_postpaid_has_invoicing");
    await violation(update(`invoicing_account_id = ${tenant.masterAccountId}`), "account_invoicing_only_postpaid");
    expect(await update(`payment_model = 'postpaid', invoicing_account_id = ${tenant.masterAccountId}, monthly_volume_limit = 100, name = 'Renamed'`)).toBe(1);
    const row = await prisma.account.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id: child.id } } });
    expect(row).toMatchObject({ name: "Renamed", paymentModel: "postpaid", invoicingAccountId: tenant.masterAccountId, monthlyVolumeLimit: 100 });
  });

  it("refuse a system account that is not flat (the tree shape), checked after the insert trigger fills the path", async () => {
    const tenant = await makeTenant();
    // account_before_insert() gives a system account depth 0 and an empty path; a partner flag breaks the shape
    await violation(
      prisma.$executeRawUnsafe(
        `INSERT INTO account (tenant_id, kind, name, currency, is_partner) VALUES ($1, 'funding', 'Second funding', 'EUR', true)`,
        tenant.tenantId,
      ),
      "account_tree_shape",
    );
  });
});
