"""Fast multi-row inserts for the bulk path: COPY on PostgreSQL, the driver's executemany on SQLite.

Values go through each column's own bind processor (``Rate`` to millionths, dates on SQLite …), so the rows
stored are those an ordinary ``insert(table)`` would store; the columns are the keys of the first row.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table


def insert_rows(conn: Connection, table: Table, rows: list[dict]) -> None:
    if not rows:
        return
    names = list(rows[0])
    dialect = conn.dialect
    procs = [table.c[n].type._cached_bind_processor(dialect) for n in names]
    data = ([v if p is None else p(v) for v, p in zip((r[n] for n in names), procs, strict=True)] for r in rows)
    raw = conn.connection.driver_connection
    cols = ", ".join(f'"{n}"' for n in names)
    if dialect.name == "postgresql":
        with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({cols}) FROM STDIN') as copy:
            for values in data:
                copy.write_row(values)
    else:
        cur = raw.cursor()
        try:
            cur.executemany(f'INSERT INTO "{table.name}" ({cols}) VALUES ({", ".join("?" * len(names))})', data)
        finally:
            cur.close()
