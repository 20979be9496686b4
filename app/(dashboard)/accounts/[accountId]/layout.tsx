import { Eye } from "lucide-react";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/access";
import { listBreadcrumbs, listSwitcherTree } from "@/lib/domain/accounts/queries";
import { AccountSwitcher } from "@/components/shell/account-switcher";
import { DashboardNav } from "@/components/shell/dashboard-nav";
import { Logo } from "@/components/shell/logo";
import { UserMenu } from "@/components/shell/user-menu";
import { signOutAction } from "../../actions";

// The shell is for the eye only; every page under it makes its own access check.
export default async function AccountLayout({ children, params }: LayoutProps<"/accounts/[accountId]">) {
  const accountId = Number((await params).accountId);
  const { ctx, viewer } = await requirePageAccess(accountId, "viewer", `/accounts/${accountId}`);
  const [tree, breadcrumbs] = await Promise.all([listSwitcherTree(viewer.memberships), listBreadcrumbs(ctx, accountId)]);
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-40 border-b bg-background/90 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-2 px-4 sm:gap-3">
          <Link href={`/accounts/${ctx.accountId}`} className="shrink-0 rounded-md" aria-label="Subledger home">
            <Logo className="hidden sm:inline-flex" />
            <Logo compact className="sm:hidden" />
          </Link>
          <AccountSwitcher currentId={accountId} nodes={tree.nodes} total={tree.total} />
          <div className="ml-auto flex items-center gap-1">
            <UserMenu name={viewer.name} email={viewer.signInName} role={ctx.role} signOutAction={signOutAction} />
          </div>
        </div>
      </header>
      {accountId !== ctx.accountId ? (
        <div role="status" className="border-b bg-accent/60">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm">
            <span className="flex items-center gap-2">
              <Eye className="size-4" aria-hidden />
              Viewing <strong className="font-semibold">{breadcrumbs.at(-1)?.name}</strong> as its own users see it.
            </span>
            <Link href={`/accounts/${ctx.accountId}`} className="font-medium text-primary hover:underline">
              Back to {breadcrumbs[0]?.name ?? "your account"}
            </Link>
          </div>
        </div>
      ) : null}
      <div className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-4 md:flex-row md:gap-8 md:py-8">
        <aside className="md:w-48 md:shrink-0">
          <DashboardNav accountId={accountId} role={ctx.role} hasMembers={breadcrumbs.at(-1)?.hasMembers ?? true} />
        </aside>
        <main className="min-w-0 flex-1">
          {breadcrumbs.length > 1 ? (
            <nav aria-label="Breadcrumb" className="mb-3 text-sm text-muted-foreground">
              <ol className="flex flex-wrap items-center gap-1">
                {breadcrumbs.map((crumb, i) => (
                  <li key={crumb.id} className="flex items-center gap-1">
                    {i > 0 ? <span aria-hidden>/</span> : null}
                    {crumb.id === accountId ? (
                      <span aria-current="page" className="text-foreground">{crumb.name}</span>
                    ) : (
                      <Link href={`/accounts/${crumb.id}`} className="hover:underline">{crumb.name}</Link>
                    )}
                  </li>
                ))}
              </ol>
            </nav>
          ) : null}
          {children}
        </main>
      </div>
    </div>
  );
}
