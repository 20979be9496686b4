import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isSetupLinkLive } from "@/lib/domain/platform/set-up-platform";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CenteredPage } from "@/components/shell/centered-page";
import { SetupForm } from "./setup-form";

// the token is in the URL: keep it out of Referer headers and search engines
export const metadata: Metadata = { title: "Set up Subledger", referrer: "no-referrer", robots: { index: false, follow: false } };

/**
 * The first run (DESIGN.md §8): with the one-time link the console printed, the platform's name and its first
 * operator. Without a live link, or once an operator exists, there is nothing here: a 404 like any unknown page.
 */
export default async function SetupPage({ searchParams }: PageProps<"/setup">) {
  const raw = (await searchParams).token;
  const token = Array.isArray(raw) ? raw[0] : raw;
  if (!token || !(await isSetupLinkLive(token))) notFound();
  return (
    <CenteredPage wide>
      <Card>
        <CardHeader>
          <CardTitle><h1 className="text-xl">Set up your platform</h1></CardTitle>
          <CardDescription>
            Name the platform and create its first operator: the person who opens tenants, records their payments and sets their prices.
            This link works once.
          </CardDescription>
        </CardHeader>
        <CardContent><SetupForm token={token} /></CardContent>
      </Card>
    </CenteredPage>
  );
}
