import { redirect } from "next/navigation";
import { getViewer } from "@/lib/auth/access";

export default async function HomePage() {
  const viewer = await getViewer();
  redirect(viewer ? `/accounts/${viewer.accountId}` : "/sign-in");
}
