"use client";

import * as React from "react";
import { useTheme } from "@wrksz/themes/client";
import { Toaster as Sonner, type ToasterProps } from "sonner";

function Toaster(props: ToasterProps) {
  const { resolvedTheme } = useTheme();
  // resolvedTheme is undefined before hydration (and could be a custom theme
  // name); fall back to "system" so sonner reads prefers-color-scheme itself.
  const theme: ToasterProps["theme"] =
    resolvedTheme === "dark" || resolvedTheme === "light" ? resolvedTheme : "system";

  return (
    <Sonner
      theme={theme}
      richColors
      closeButton
      className="toaster group"
      style={
        {
          "--normal-bg": "var(--popover)",
          "--normal-text": "var(--popover-foreground)",
          "--normal-border": "var(--border)",
          "--border-radius": "var(--radius)",
        } as React.CSSProperties
      }
      {...props}
    />
  );
}

export { Toaster };
export { toast } from "sonner";
