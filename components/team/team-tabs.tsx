"use client";

import { usePathname } from "next/navigation";
import { TabLinks } from "@/components/ui/tab-links";

/** Members | Invitations: two routes under /team that read as one page. */
export function TeamTabs({ accountId }: { accountId: number }) {
  const pathname = usePathname();
  return (
    <TabLinks
      label="Team"
      tabs={[
        { href: `/accounts/${accountId}/team`, label: "Members", active: !pathname.endsWith("/invitations") },
        { href: `/accounts/${accountId}/team/invitations`, label: "Invitations", active: pathname.endsWith("/invitations") },
      ]}
    />
  );
}
