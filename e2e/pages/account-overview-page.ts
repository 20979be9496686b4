import { expect, type Page } from "@playwright/test";

type RuleValues = { threshold: string; amount?: string; target?: string; maxPerDay?: string; maxAmountPerDay?: string; enabled?: boolean };

/** An account's overview as an owner uses it: its balance, its auto-recharge rule and its low-balance alert. */
export function accountOverviewPage(page: Page) {
  const autoRecharge = page.getByRole("region", { name: "Auto-recharge" });
  const balanceAlert = page.getByRole("region", { name: "Low-balance alert" });
  const history = page.getByRole("region", { name: "Recharge history" });
  const ruleDialog = page.getByRole("dialog", { name: /^Auto-recharge / });
  return {
    autoRecharge,
    balanceAlert,
    history,
    ruleDialog,
    balance: page.getByTestId("account-balance"),
    async open(accountId: number) {
      await page.goto(`/accounts/${accountId}`);
      await expect(autoRecharge).toBeVisible();
    },
    /** Credits the account from its parent with the overview's credit dialog. */
    async credit(amount: string, label: string) {
      await page.getByRole("button", { name: "Credit", exact: true }).click();
      const dialog = page.getByRole("dialog", { name: "Credit member" });
      await dialog.getByLabel("Amount (EUR)").fill(amount);
      await dialog.getByRole("button", { name: `Credit ${label}` }).click();
      await expect(dialog).toBeHidden();
    },
    async openRuleDialog() {
      await autoRecharge.getByRole("button", { name: /^(Set up auto-recharge|Edit auto-recharge)$/ }).click();
      await expect(ruleDialog).toBeVisible();
      return ruleDialog;
    },
    /** Fills the rule form; `save: false` leaves the dialog open (to look at it or at its errors). */
    async fillRule(values: RuleValues) {
      const dialog = ruleDialog;
      if (values.enabled !== undefined) await dialog.getByRole("switch", { name: "Enabled" }).setChecked(values.enabled);
      await dialog.getByLabel("Threshold (EUR)").fill(values.threshold);
      if (values.target !== undefined) {
        await dialog.getByRole("radio", { name: "Top up to" }).check();
        await dialog.getByLabel("Target balance (EUR)").fill(values.target);
      } else {
        await dialog.getByRole("radio", { name: "Fixed amount" }).check();
        await dialog.getByLabel("Amount (EUR)", { exact: true }).fill(values.amount ?? "");
      }
      await dialog.getByLabel("Max recharges per day").fill(values.maxPerDay ?? "");
      await dialog.getByLabel("Max amount per day (EUR)").fill(values.maxAmountPerDay ?? "");
    },
    async saveRule() {
      await ruleDialog.getByRole("button", { name: "Save auto-recharge" }).click();
    },
    async setRule(values: RuleValues) {
      await this.openRuleDialog();
      await this.fillRule(values);
      await this.saveRule();
      await expect(ruleDialog).toBeHidden();
    },
    async removeRule() {
      await autoRecharge.getByRole("button", { name: "Remove auto-recharge" }).click();
      await page.getByRole("dialog", { name: /^Remove the auto-recharge of / }).getByRole("button", { name: "Remove" }).click();
      await expect(autoRecharge.getByTestId("auto-recharge-status")).toHaveText("Off");
    },
    async setAlert(values: { threshold: string; notifyMembers?: boolean }) {
      await balanceAlert.getByRole("button", { name: /^(Set low-balance alert|Edit low-balance alert)$/ }).click();
      const dialog = page.getByRole("dialog", { name: /^Low-balance alert for / });
      await dialog.getByLabel("Alert threshold (EUR)").fill(values.threshold);
      await dialog.getByRole("checkbox", { name: /^Also e-mail the users of / }).setChecked(values.notifyMembers ?? false);
      await dialog.getByRole("button", { name: "Save alert" }).click();
      await expect(dialog).toBeHidden();
    },
  };
}
