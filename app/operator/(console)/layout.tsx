import type { Metadata } from "next";
import Link from "next/link";
import { requireOperatorPage } from "@/lib/auth/operator-access";
import { platformName } from "@/lib/domain/platform/set-up-platform";
import { Logo } from "@/components/shell/logo";
import { UserMenu } from "@/components/shell/user-menu";
import { OperatorNav } from "@/components/operator/operator-nav";
import { signOutAction } from "@/app/(dashboard)/actions";

export const metadata: Metadata = { title: { template: "%s · Operator console", default: "Operator console" } };

// The shell is for the eye only; every page and action under it makes its own operator check.
export default async function OperatorLayout({ children }: LayoutProps<"/operator">) {
  const { operator } = await requireOperatorPage("/operator");
  const platform = await platformName();
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-40 border-b bg-background/90 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4">
          <Link href="/operator" className="shrink-0 rounded-md" aria-label="Operator console home">
            <Logo className="hidden sm:inline-flex" />
            <Logo compact className="sm:hidden" />
          </Link>
          <span className="truncate text-sm text-muted-foreground">
            <span className="font-medium text-foreground">{platform}</span> · operator console
          </span>
          <div className="ml-auto flex items-center gap-1">
            <UserMenu name={operator.name} email={operator.email} role="platform operator" signOutAction={signOutAction} />
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-4 md:flex-row md:gap-8 md:py-8">
        <aside className="md:w-48 md:shrink-0">
          <OperatorNav />
        </aside>
        <main className="min-w-0 flex-1">{children}</main>
      </div>
    </div>
  );
}
