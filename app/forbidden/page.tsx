import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function ForbiddenPage() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-4 px-4 text-center">
      <h1 className="text-2xl font-semibold">Not allowed</h1>
      <p className="max-w-md text-muted-foreground">Your role does not allow this page. Ask an owner of the account for access.</p>
      <Button asChild><Link href="/">Go to your account</Link></Button>
    </main>
  );
}
