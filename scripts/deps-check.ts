// npm run deps:check: for the packages whose security fixes we must not miss, what we pin and the newest version
// of the same major the registry publishes (a pinned prerelease is compared with the prereleases of its major,
// as next-auth 5 is still in beta). Exits 1 when a newer one exists. Asks the registry (`npm view`), so it is a
// maintainer's command, not part of CI.
import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import semver from "semver";

const WATCHED = ["next", "react", "react-dom", "next-auth", "@prisma/client", "pg", "pg-boss", "argon2", "jose", "nodemailer", "smtp-server"];
// carrier libraries (SMPP and others) are watched as soon as the project depends on one
const CARRIER_LIBRARIES = ["smpp"];

const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
const pinned = { ...pkg.devDependencies, ...pkg.dependencies };
const names = [...WATCHED, ...CARRIER_LIBRARIES.filter((n) => n in pinned)];

async function publishedVersions(name: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)("npm", ["view", name, "versions", "--json"], { maxBuffer: 64 * 1024 * 1024 });
  const parsed = JSON.parse(stdout) as string[] | string;
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** The newest published version of `current`'s major; prereleases only when `current` is one. */
export function newestOfMajor(current: string, published: string[]): string | null {
  const major = semver.major(current);
  const candidates = published.filter((v) => semver.valid(v) && semver.major(v) === major && (semver.prerelease(current) !== null || semver.prerelease(v) === null));
  return candidates.sort(semver.rcompare)[0] ?? null;
}

let outdated = 0;
const rows: string[][] = [["package", "pinned", "newest of its major", ""]];
for (const name of names) {
  const range = pinned[name];
  if (!range) {
    rows.push([name, "(not a dependency)", "", ""]);
    continue;
  }
  const current = semver.minVersion(range)?.version ?? range;
  try {
    const newest = newestOfMajor(current, await publishedVersions(name));
    const isBehind = newest !== null && semver.gt(newest, current);
    if (isBehind) outdated++;
    rows.push([name, range, newest ?? "?", isBehind ? "UPDATE" : "ok"]);
  } catch (err) {
    outdated++;
    rows.push([name, range, `could not ask the registry: ${(err as Error).message.split("\n")[0]}`, "?"]);
  }
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());
console.log(outdated ? `\n${outdated} package(s) behind the newest version of their major: update the pin, then run npm test.` : "\nEvery watched package is on the newest version of its major.");
process.exit(outdated ? 1 : 0);
