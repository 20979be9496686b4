import type { FieldRow, ParameterRow } from "@/lib/api/openapi/reference";
import { Prose } from "./prose";

/** Parameters or body fields: name, where or whether required, type, and what it means. */
export function FieldTable({ caption, rows }: { caption: string; rows: (FieldRow | ParameterRow)[] }) {
  return (
    <div className="overflow-x-auto rounded-md border">
      <table className="w-full table-fixed text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        {/* the same columns in every table, so the page reads as one reference */}
        <colgroup>
          <col className="w-44" />
          <col className="w-40" />
          <col />
        </colgroup>
        <thead className="bg-muted/50 text-xs text-muted-foreground">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Name</th>
            <th scope="col" className="px-3 py-2 font-medium">Type</th>
            <th scope="col" className="px-3 py-2 font-medium">Description</th>
          </tr>
        </thead>
        <tbody className="divide-y">
          {rows.map((row) => (
            <tr key={"in" in row ? `${row.in}:${row.name}` : row.name} className="align-top">
              <th scope="row" className="px-3 py-2 font-normal break-words">
                <code className="font-mono text-xs font-medium text-foreground">{row.name}</code>
                <div className="mt-0.5 text-xs text-muted-foreground">
                  {"in" in row ? `${row.in}, ` : ""}
                  {row.required ? <span className="font-medium text-foreground">required</span> : "optional"}
                </div>
              </th>
              <td className="px-3 py-2 font-mono text-xs break-words text-muted-foreground">{row.type}</td>
              <td className="px-3 py-2 text-muted-foreground">{row.description ? <Prose text={row.description} /> : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
