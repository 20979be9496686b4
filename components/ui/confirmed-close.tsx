"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * A dialog that shows a secret once (a new API key, a member's first password) must not lose it to a stray
 * Escape or ×: while `holdsSecret`, a close request asks first. The dialog's own "I have saved it" button is
 * the answer already given, so it calls `closeNow`.
 */
export function useConfirmedClose({ holdsSecret, close }: { holdsSecret: boolean; close: () => void }) {
  const [asking, setAsking] = useState(false);
  const closeNow = () => {
    setAsking(false);
    close();
  };
  const request = () => (holdsSecret ? setAsking(true) : closeNow());
  const prompt = asking ? (
    <div role="alert" className="grid gap-3 rounded-md border border-warning/60 bg-warning/10 p-3 text-sm">
      <p className="font-medium">Close without saving? This is shown only once: after closing, nobody can show it again.</p>
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="outline" autoFocus onClick={() => setAsking(false)}>Back to it</Button>
        <Button variant="destructive" onClick={closeNow}>Close anyway</Button>
      </div>
    </div>
  ) : null;
  return { request, closeNow, prompt };
}
