"use client";

import { type Cell, type Column, type Row, type RowData, type Table as TanstackTable, type VisibilityState } from "@tanstack/react-table";
import { Columns3 } from "lucide-react";
import { useEffect, useState, type HTMLAttributes, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuCheckboxItem, DropdownMenuContent, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    className?: string;
    /** the column's name where its header is not plain text (a sort link): for the column menu and phone cards */
    label?: string;
    /** kept in view while the rest scrolls sideways: the name on the left, the row's menu on the right */
    pin?: "left" | "right";
    /** may be hidden from the column menu; `hiddenByDefault` starts it hidden until someone shows it */
    optional?: boolean;
    hiddenByDefault?: boolean;
    /** on a phone card: left off ("skip": a long key, a second copy of the title), or across both columns ("wide") */
    card?: "skip" | "wide";
  }
}

/** What a row (or its phone card) carries besides its cells: a class, a test id. */
export type RowProps = HTMLAttributes<HTMLElement> & { [dataAttribute: `data-${string}`]: string | undefined };

const STORAGE_PREFIX = "subledger:columns:";

/**
 * The column choice of one table, kept in this browser's local storage: the defaults render on the server
 * and on the first client pass (no hydration mismatch), then a stored choice replaces them.
 */
export function usePersistedColumnVisibility(tableId: string, defaults: VisibilityState) {
  const [visibility, setVisibility] = useState<VisibilityState>(defaults);
  useEffect(() => {
    try {
      const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_PREFIX + tableId) ?? "null");
      if (stored && typeof stored === "object") setVisibility((current) => ({ ...current, ...(stored as VisibilityState) }));
    } catch {
      // a corrupt entry is the same as none
    }
  }, [tableId]);
  const update = (updater: VisibilityState | ((old: VisibilityState) => VisibilityState)) =>
    setVisibility((old) => {
      const next = typeof updater === "function" ? updater(old) : updater;
      try {
        localStorage.setItem(STORAGE_PREFIX + tableId, JSON.stringify(next));
      } catch {
        // storage full or disabled: the choice lasts until the page is left
      }
      return next;
    });
  return [visibility, update] as const;
}

/** Hidden-by-default columns of a column list, as TanStack's visibility state. */
export function defaultVisibility(columns: { id?: string; meta?: { hiddenByDefault?: boolean } }[]): VisibilityState {
  return Object.fromEntries(columns.filter((c) => c.id && c.meta?.hiddenByDefault).map((c) => [c.id!, false]));
}

function labelOf<T>(column: Column<T, unknown>) {
  const { meta, header } = column.columnDef;
  return meta?.label ?? (typeof header === "string" ? header : column.id);
}

/**
 * A header or cell definition, rendered. Not TanStack's flexRender: it mounts a function definition as a
 * component, and our definitions are new functions on every render (they close over props), so each refresh
 * would unmount every cell, and a row menu's button would lose the focus it was just given back.
 */
function renderDef<C>(def: ((context: C) => ReactNode) | ReactNode | undefined, context: C): ReactNode {
  return typeof def === "function" ? (def as (context: C) => ReactNode)(context) : (def ?? null);
}

const pinClass = (pin: "left" | "right" | undefined) =>
  pin === "left"
    ? "sticky left-0 z-[1] bg-card shadow-[inset_-1px_0_0_var(--border)]"
    : pin === "right"
      ? "sticky right-0 z-[1] bg-card shadow-[inset_1px_0_0_var(--border)]"
      : undefined;

function ColumnMenu<T>({ table, caption }: { table: TanstackTable<T>; caption: string }) {
  const optional = table.getAllLeafColumns().filter((c) => c.columnDef.meta?.optional);
  if (optional.length === 0) return null;
  const hidden = optional.filter((c) => !c.getIsVisible()).length;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Columns of ${caption}${hidden ? `, ${hidden} hidden` : ""}`}>
          <Columns3 className="size-4" aria-hidden /> Columns{hidden ? <span className="text-muted-foreground">({hidden} hidden)</span> : null}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-52">
        <DropdownMenuLabel>Show columns</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {optional.map((column) => (
          <DropdownMenuCheckboxItem key={column.id} checked={column.getIsVisible()} onCheckedChange={(on) => column.toggleVisibility(on)}
            onSelect={(e) => e.preventDefault()}>
            {labelOf(column)}
          </DropdownMenuCheckboxItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/**
 * One page of rows, rendered two ways: a table from `md` up (the pinned columns stay in view when it scrolls
 * sideways, optional columns come and go from the column menu) and, on a phone, a card per row: the pinned-left
 * cell as its title, the pinned-right cell (the row's menu) beside it, the other cells as labelled figures.
 */
export function ResponsiveTable<T>({ table, caption, empty, rowProps, toolbar }: {
  table: TanstackTable<T>;
  caption: string;
  empty: ReactNode;
  rowProps?: (row: Row<T>) => RowProps;
  /** shown left of the column menu, above the table */
  toolbar?: ReactNode;
}) {
  const rows = table.getRowModel().rows;
  const leafColumns = table.getAllLeafColumns();
  const titleId = leafColumns.find((c) => c.columnDef.meta?.pin === "left")?.id ?? leafColumns[0]?.id;
  const menuId = leafColumns.find((c) => c.columnDef.meta?.pin === "right")?.id;
  const hasMenu = leafColumns.some((c) => c.columnDef.meta?.optional);
  const cellOf = (row: Row<T>, id: string | undefined) => row.getAllCells().find((c) => c.column.id === id);
  const render = (cell: Cell<T, unknown> | undefined) => (cell ? renderDef(cell.column.columnDef.cell, cell.getContext()) : null);

  return (
    <div className="grid min-w-0 gap-2">
      {toolbar || hasMenu ? (
        <div className="flex flex-wrap items-center justify-end gap-2">
          {toolbar}
          <div className="hidden md:block"><ColumnMenu table={table} caption={caption} /></div>
        </div>
      ) : null}
      {/* an empty page is the table with its message at every width: one copy of the message, not two */}
      <div className={cn("min-w-0 rounded-lg border bg-card", rows.length > 0 && "hidden md:block")}>
        <Table>
          <caption className="sr-only">{caption}</caption>
          <TableHeader>
            {table.getHeaderGroups().map((group) => (
              <TableRow key={group.id} className="hover:bg-transparent">
                {group.headers.map((header) => (
                  <TableHead key={header.id} scope="col" className={cn(header.column.columnDef.meta?.className, pinClass(header.column.columnDef.meta?.pin))}>
                    {header.isPlaceholder ? null : renderDef(header.column.columnDef.header, header.getContext())}
                  </TableHead>
                ))}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {rows.length === 0 ? (
              <TableRow>
                <TableCell colSpan={table.getVisibleLeafColumns().length} className="py-12 text-center whitespace-normal text-muted-foreground">{empty}</TableCell>
              </TableRow>
            ) : (
              rows.map((row) => (
                <TableRow key={row.id} {...rowProps?.(row)}>
                  {row.getVisibleCells().map((cell) => (
                    <TableCell key={cell.id} className={cn(cell.column.columnDef.meta?.className, pinClass(cell.column.columnDef.meta?.pin))}>
                      {render(cell)}
                    </TableCell>
                  ))}
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </div>
      {rows.length > 0 ? (
        <ul className="grid gap-2 md:hidden" aria-label={caption}>
          {rows.map((row) => {
            const figures = row.getAllCells().filter((c) => c.column.id !== titleId && c.column.id !== menuId && c.column.columnDef.meta?.card !== "skip");
            return (
              // the row's own class (a sub-row's tint) joins the card's instead of replacing it
              <li key={row.id} {...rowProps?.(row)} className={cn("min-w-0 rounded-lg border bg-card p-3 text-sm", rowProps?.(row).className)}>
                <div className="flex items-start justify-between gap-2">
                  <div className="min-w-0 flex-1 break-words">{render(cellOf(row, titleId))}</div>
                  {menuId ? <div className="shrink-0">{render(cellOf(row, menuId))}</div> : null}
                </div>
                {figures.length ? (
                  <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-2">
                    {figures.map((cell) => (
                      <div key={cell.id} className={cn("min-w-0", cell.column.columnDef.meta?.card === "wide" && "col-span-2")}>
                        <dt className="text-xs text-muted-foreground">{labelOf(cell.column)}</dt>
                        <dd className="min-w-0 break-words [&_*]:max-w-full [&_*]:min-w-0">{render(cell)}</dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
