"""CLI commands, one module per area.  Each module has ``register(app)`` and imports only typer
and the standard library at module level, so ``annual-report --help`` stays fast."""

COMMAND_MODULES = ("workspace", "checking", "extracting")
