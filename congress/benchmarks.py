"""What the benchmark commands do to PostgreSQL's tables so that they measure the tables
production has. Each command writes its rows in a transaction it rolls back: the rows it wrote
before stay behind as dead rows until autovacuum comes by (the voters' table held 4.7 million
after a day of runs), and the rows it writes now have no statistics yet, so the planner takes
the tables for empty and joins by loops. Both are no-ops on SQLite."""

from django.db import connection


def vacuum(*models):
    """Clear the dead rows of the models' tables (outside any transaction)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")


def analyze():
    """Statistics of every table, the rows this transaction wrote included, as autovacuum
    keeps them for production tables."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
