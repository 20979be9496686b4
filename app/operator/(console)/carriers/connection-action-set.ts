import type { ConnectionActions } from "./connection-actions";
import { removeConnectionAction, setConnectionPausedAction, testConnectionAction, updateConnectionAction } from "./actions";

/** The server actions a connection's menu and page buttons call (both pages hand the same set down). */
export const CONNECTION_ACTIONS: ConnectionActions = {
  update: updateConnectionAction,
  setPaused: setConnectionPausedAction,
  remove: removeConnectionAction,
  test: testConnectionAction,
};
