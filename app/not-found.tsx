import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-4 px-4 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="max-w-md text-muted-foreground">This page or account does not exist, or it is outside the accounts you can see.</p>
      <Button asChild><Link href="/">Go to your account</Link></Button>
    </main>
  );
}
