"use client";

import { getCoreRowModel, useReactTable, type ColumnDef, type Row } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { defaultVisibility, ResponsiveTable, usePersistedColumnVisibility, type RowProps } from "./responsive-table";

/**
 * A table of one server-rendered page: the server already filtered, sorted and sliced the rows (the URL holds
 * that state), so TanStack runs in manual mode and only renders, as a table or, on a phone, as cards. With a
 * `tableId`, the columns chosen in its column menu are remembered in this browser.
 */
export function DataTable<T>({
  columns,
  rows,
  total,
  caption,
  empty,
  getRowId,
  tableId,
  rowProps,
  toolbar,
}: {
  columns: ColumnDef<T, unknown>[];
  rows: T[];
  total: number;
  caption: string;
  empty: ReactNode;
  getRowId: (row: T) => string;
  tableId?: string;
  rowProps?: (row: Row<T>) => RowProps;
  toolbar?: ReactNode;
}) {
  const [columnVisibility, setColumnVisibility] = usePersistedColumnVisibility(tableId ?? caption, defaultVisibility(columns));
  const table = useReactTable({
    data: rows,
    columns,
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    rowCount: total,
    state: { columnVisibility },
    onColumnVisibilityChange: setColumnVisibility,
  });
  return <ResponsiveTable table={table} caption={caption} empty={empty} rowProps={rowProps} toolbar={toolbar} />;
}
