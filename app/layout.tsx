import "./globals.css";
import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
import type { ReactNode } from "react";
import { ThemeProvider } from "@wrksz/themes/next";
import { Toaster } from "@/components/ui/toaster";

// next/font/google downloads at build time; the font comes from an npm package instead
const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  display: "swap",
});

export const metadata: Metadata = {
  title: { default: "Subledger", template: "%s · Subledger" },
  description: "Team and sub-account control panel for messaging platforms.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={inter.variable} suppressHydrationWarning>
      <body className="min-h-screen font-sans antialiased">
        {/* a server component: its pre-hydration script is rendered on the server only (next-themes rendered it
            from a client component, which React 19 warns about whenever the root re-renders, e.g. on a 404) */}
        <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
          {children}
          <Toaster />
        </ThemeProvider>
      </body>
    </html>
  );
}
