import { redirect } from "next/navigation";
import { getViewer } from "@/lib/auth/access";
import { getOperatorViewer } from "@/lib/auth/operator-access";

export default async function HomePage() {
  if (await getOperatorViewer()) redirect("/operator");
  const viewer = await getViewer();
  redirect(viewer ? `/accounts/${viewer.accountId}` : "/sign-in");
}
