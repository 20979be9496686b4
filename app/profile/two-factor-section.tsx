"use client";

import { ShieldCheck } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toaster";
import { confirmTwoFactorAction, disableTwoFactorAction, startTwoFactorAction } from "./actions";

type Enrolment = { secret: string; uri: string; qrSvg: string };

/**
 * Off: set it up (scan the QR code or type the key, confirm with a code, keep the recovery codes, shown once).
 * On: how many recovery codes are left, and turning it off with the password and a code.
 */
export function TwoFactorSection({ isOn, recoveryCodesLeft, startOpen, homeHref }: { isOn: boolean; recoveryCodesLeft: number; startOpen: boolean; homeHref: string }) {
  const router = useRouter();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const start = () =>
    startTransition(async () => {
      const result = await startTwoFactorAction();
      if (result.ok) setEnrolment(result.data);
      else setError(result.error);
    });

  if (recoveryCodes) {
    return (
      <div className="space-y-4" role="status">
        <p className="flex items-center gap-2 font-medium"><ShieldCheck className="size-5 text-success" aria-hidden /> Two-factor sign-in is on</p>
        <p className="text-sm text-muted-foreground">
          Keep these recovery codes somewhere safe: each signs you in once if you lose your phone. They are shown only now.
        </p>
        <ol className="grid grid-cols-2 gap-2 rounded-md border bg-muted p-3 font-mono text-sm sm:grid-cols-5" aria-label="Recovery codes" data-testid="recovery-codes">
          {recoveryCodes.map((code) => <li key={code}>{code}</li>)}
        </ol>
        <div className="flex flex-wrap gap-2">
          <CopyButton value={recoveryCodes.join("\n")} label="recovery codes" />
          <Button asChild><Link href={homeHref}>I have saved them</Link></Button>
        </div>
      </div>
    );
  }

  if (isOn) return <TwoFactorOn recoveryCodesLeft={recoveryCodesLeft} onOff={() => router.refresh()} />;

  if (!enrolment) {
    return (
      <div className="space-y-3">
        <p className="text-sm">Two-factor sign-in is <Badge variant="outline">off</Badge>.</p>
        {error ? <p role="alert" className="text-sm text-destructive">{error}</p> : null}
        <Button onClick={start} disabled={pending} autoFocus={startOpen}>{pending ? "Preparing…" : "Set up two-factor sign-in"}</Button>
      </div>
    );
  }

  return <ConfirmEnrolment enrolment={enrolment} onDone={(codes) => { setRecoveryCodes(codes); router.refresh(); }} />;
}

function ConfirmEnrolment({ enrolment, onDone }: { enrolment: Enrolment; onDone: (codes: string[]) => void }) {
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="grid gap-6 sm:grid-cols-[auto_1fr]">
      <div className="mx-auto size-48 rounded-md bg-white p-2 [&_svg]:size-full" role="img" aria-label="QR code to scan with your authenticator app"
        dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }} />
      <form noValidate className="space-y-4" aria-busy={pending} onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const result = await confirmTwoFactorAction({ code });
          if (result.ok) onDone(result.data.recoveryCodes);
          else setError(result.fieldErrors?.code?.[0] ?? result.error);
        });
      }}>
        <ol className="list-decimal space-y-1 pl-5 text-sm text-muted-foreground">
          <li>Scan the QR code with an authenticator app (Google Authenticator, 1Password, Authy, …).</li>
          <li>Or type this key into it:</li>
        </ol>
        <div className="flex items-center gap-2 rounded-md border bg-muted px-3 py-2">
          <code className="min-w-0 flex-1 break-all font-mono text-sm" data-testid="totp-secret">{enrolment.secret}</code>
          <CopyButton value={enrolment.secret} label="key" />
        </div>
        <div className="grid max-w-48 gap-2">
          <Label htmlFor="totp-confirm">Code from the app</Label>
          <Input id="totp-confirm" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)}
            aria-invalid={error ? true : undefined} aria-describedby={error ? "totp-confirm-error" : undefined} />
          {error ? <p id="totp-confirm-error" role="alert" className="text-sm text-destructive">{error}</p> : null}
        </div>
        <Button type="submit" disabled={pending}>{pending ? "Checking…" : "Turn on two-factor sign-in"}</Button>
      </form>
    </div>
  );
}

function TwoFactorOn({ recoveryCodesLeft, onOff }: { recoveryCodesLeft: number; onOff: () => void }) {
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<{ password?: string; code?: string; root?: string }>({});
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-4">
      <p className="text-sm">
        Two-factor sign-in is <Badge variant="success">on</Badge>. {recoveryCodesLeft} recovery code{recoveryCodesLeft === 1 ? "" : "s"} left.
      </p>
      <form noValidate className="grid max-w-md gap-3" aria-busy={pending} onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const result = await disableTwoFactorAction({ password, code });
          if (!result.ok) return setErrors({ password: result.fieldErrors?.password?.[0], code: result.fieldErrors?.code?.[0], root: result.fieldErrors ? undefined : result.error });
          toast.success("Two-factor sign-in is off.");
          onOff();
        });
      }}>
        <p className="text-sm text-muted-foreground">To turn it off, give your password and a code from your app (or a recovery code).</p>
        <div className="grid gap-2">
          <Label htmlFor="off-password">Password</Label>
          <Input id="off-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={errors.password ? true : undefined} aria-describedby="off-password-error" />
          {errors.password ? <p id="off-password-error" className="text-sm text-destructive">{errors.password}</p> : null}
        </div>
        <div className="grid gap-2">
          <Label htmlFor="off-code">Code</Label>
          <Input id="off-code" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} aria-invalid={errors.code ? true : undefined} aria-describedby="off-code-error" />
          {errors.code ? <p id="off-code-error" className="text-sm text-destructive">{errors.code}</p> : null}
        </div>
        {errors.root ? <p role="alert" className="text-sm text-destructive">{errors.root}</p> : null}
        <div><Button type="submit" variant="outline" disabled={pending}>{pending ? "Turning off…" : "Turn off two-factor sign-in"}</Button></div>
      </form>
    </div>
  );
}
