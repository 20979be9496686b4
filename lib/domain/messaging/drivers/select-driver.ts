import type { DeliveryDriver } from "./driver";
import { sandboxDriver } from "./sandbox";

const DRIVERS: Record<string, DeliveryDriver> = { sandbox: sandboxDriver };

/** The carrier this deployment sends through: MESSAGE_DRIVER, the sandbox by default. */
export function deliveryDriver(): DeliveryDriver {
  const name = process.env.MESSAGE_DRIVER ?? "sandbox";
  const driver = DRIVERS[name];
  if (!driver) throw new Error(`Unknown MESSAGE_DRIVER "${name}"; known: ${Object.keys(DRIVERS).join(", ")}`);
  return driver;
}
