// CPU accounting for the benchmarks, from Linux's /proc: what each side of a run cost per operation.
import fs from "node:fs";

/** CPU seconds used so far by the app, by every PostgreSQL process, and by this client (Linux /proc). */
export function cpuNow(appPid: number = process.pid) {
  const tick = 100; // USER_HZ on Linux
  const procCpu = (pid: number | string) => {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      return (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      return 0;
    }
  };
  let postgres = 0;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres") postgres += procCpu(pid);
    } catch {
      // gone
    }
  }
  const client = process.cpuUsage();
  return { app: procCpu(appPid), postgres, client: (client.user + client.system) / 1e6 };
}


/** CPU seconds the whole machine has been busy so far (every process, the kernel included; /proc/stat). */
export function machineBusyNow() {
  const [, ...fields] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return (user + nice + system + irq + softirq + (steal || 0)) / 100;
}
