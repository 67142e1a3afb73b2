"""Alembic environment: batch mode so that SQLite can alter tables."""

from alembic import context

from anju.db.schema import full_metadata

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # invoked from the alembic command line
    from anju.config import load_settings
    from anju.db.engine import make_engine

    engine = make_engine(load_settings().database_url)



def render_item(type_, obj, autogen_context):
    """Our TypeDecorators are stored as their plain SQL type; migrations must not import anju."""
    from anju.db.meta import Rate

    if type_ == "type" and isinstance(obj, Rate):
        return "sa.BigInteger()"
    return False


with engine.connect() as connection:
    if connection.dialect.name == "sqlite":
        connection = connection.execution_options(sqlite_begin="IMMEDIATE")
    context.configure(connection=connection, target_metadata=full_metadata(), render_as_batch=True,
                      compare_type=True, render_item=render_item)
    with context.begin_transaction():
        context.run_migrations()
    if connection.in_transaction():
        connection.commit()
