"""`anju performance …`: the command group for budget-performance self-evaluation. Interface only — the
rules, storage and documents live in anju.budget (the CLI mounts one command group per area package)."""
