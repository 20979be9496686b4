import type { ReactNode } from "react";
import { Logo } from "@/components/shell/logo";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** The public pages' frame (sign-in, invitations, setup): the logo over one centred column. */
export function CenteredPage({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className={`w-full space-y-6 ${wide ? "max-w-lg" : "max-w-md"}`}>
        <div className="flex justify-center"><Logo /></div>
        {children}
      </div>
    </main>
  );
}

/** A link that cannot be used, and what to do instead. */
export function ProblemCard({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <CenteredPage>
      <Card>
        <CardHeader>
          <CardTitle><h1 className="text-xl">{title}</h1></CardTitle>
          <CardDescription className="text-base">{children}</CardDescription>
        </CardHeader>
        {action ? <CardContent>{action}</CardContent> : null}
      </Card>
    </CenteredPage>
  );
}
