// A description of everything in the public schema, read from the catalogs, as sorted lines: two databases with
// equal snapshots have the same tables, columns (in order), types, constraints, indexes, storage options,
// sequences, functions and triggers. Used by the test of the repeatable function files and to check a squash.
import pg from "pg";

export type SchemaSnapshot = {
  functions: Map<string, string>;
  triggers: Map<string, string>;
  lines: string[];
};

export async function schemaSnapshot(client: pg.Client | pg.PoolClient): Promise<SchemaSnapshot> {
  const q = async (sql: string) => (await client.query<{ line: string }>(sql)).rows.map((r) => r.line);
  // objects that an extension (pg_trgm) created are the extension's, not ours
  const notExtension = (oid: string, catalog: string) =>
    `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;
  const functions = new Map(
    (
      await client.query<{ signature: string; definition: string }>(`
        SELECT p.oid::regprocedure::text AS signature, pg_get_functiondef(p.oid) AS definition
        FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND ${notExtension("p.oid", "pg_proc")}`)
    ).rows.map((r) => [r.signature, r.definition]),
  );
  const triggers = new Map(
    (
      await client.query<{ name: string; definition: string }>(`
        SELECT t.tgrelid::regclass || '.' || t.tgname AS name, pg_get_triggerdef(t.oid) AS definition
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal`)
    ).rows.map((r) => [r.name, r.definition]),
  );
  const lines = [
    ...(await q(`SELECT 'extension ' || extname AS line FROM pg_extension WHERE extname <> 'plpgsql'`)),
    ...(await q(`
      SELECT format('relation %s kind=%s persistence=%s options=%s', c.relname, c.relkind, c.relpersistence,
        coalesce(array_to_string(c.reloptions, ','), '')) AS line
      FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND ${notExtension("c.oid", "pg_class")}`)),
    ...(await q(`
      SELECT format('column %s.%s #%s %s notnull=%s default=%s', c.relname, a.attname, a.attnum,
        format_type(a.atttypid, a.atttypmod), a.attnotnull, coalesce(pg_get_expr(d.adbin, d.adrelid), '')) AS line
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
        AND ${notExtension("c.oid", "pg_class")}`)),
    ...(await q(`
      SELECT format('constraint %s.%s %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) AS line
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace`)),
    ...(await q(`
      SELECT 'index ' || pg_get_indexdef(i.indexrelid) AS line
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = 'public'::regnamespace`)),
    ...(await q(`
      SELECT format('enum %s %s', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)) AS line
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname`)),
    ...(await q(`
      SELECT format('sequence %s start=%s increment=%s cache=%s owned_by=%s', s.seqrelid::regclass, s.seqstart,
        s.seqincrement, s.seqcache, coalesce((SELECT d.refobjid::regclass || '.' || d.refobjsubid FROM pg_depend d
          WHERE d.objid = s.seqrelid AND d.classid = 'pg_class'::regclass AND d.deptype = 'a'), '')) AS line
      FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid WHERE c.relnamespace = 'public'::regnamespace`)),
    ...[...functions].map(([signature, definition]) => `function ${signature}\n${definition}`),
    ...[...triggers].map(([name, definition]) => `trigger ${name} ${definition}`),
  ].sort();
  return { functions, triggers, lines };
}
