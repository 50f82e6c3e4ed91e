"""Writing many rows at once, below the ORM: a township's imported roll is 100,000 voters, and
bulk_create builds a model instance and compiles every value of each, which costs more than
checking them. Rows are tuples of database values (adapted by the caller) for `columns`."""

from django.db import connection


def insert_rows(model, columns, rows):
    """Insert `rows` in multi-row INSERTs through the cursor and return their keys (RETURNING:
    SQLite since 3.35)."""
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        "VALUES "
    )
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    tail = f" RETURNING {quote(model._meta.pk.column)}"
    per_statement = min(500, (connection.features.max_query_params or 5000) // len(columns))
    keys = []
    with connection.cursor() as cursor:
        for first in range(0, len(rows), per_statement):
            chunk = rows[first : first + per_statement]
            cursor.execute(
                head + ", ".join([one] * len(chunk)) + tail,
                [value for row in chunk for value in row],
            )
            keys += (key for (key,) in cursor.fetchall())
    return keys


def reserve_keys(model, count):
    """The first of `count` consecutive keys of the model's PostgreSQL sequence, for rows
    written by COPY (which returns no keys). The sequence is moved on by `count` in one step;
    the table stays locked against other writers until the transaction ends, so that no insert
    elsewhere draws a key between (reads go on; other writers wait)."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(
            "SELECT setval(seq, nextval(seq) + %s - 1) - %s + 1 "
            "FROM pg_get_serial_sequence(%s, %s) AS seq",
            [count, count, table, model._meta.pk.column],
        )
        return cursor.fetchone()[0]


def copy_rows(model, columns, rows):
    """Write `rows` with PostgreSQL's COPY FROM STDIN (psycopg's copy API): the server parses
    the rows, where a multi-row INSERT of thousands of placeholders costs more on the client
    (psycopg tokenises each statement) than on the server."""
    quote = connection.ops.quote_name
    statement = (
        f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    )
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def insert_for_key_range(model, columns, first, last, values):
    """One row per key from `first` to `last` (PostgreSQL): the key in columns[0], the same
    `values` in the rest, built by the server (one INSERT ... SELECT over generate_series)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    constants = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({names}) "
            f"SELECT key, {constants} FROM generate_series(%s::bigint, %s::bigint) AS key",
            [*values, first, last],
        )
