"""The centre's own budget as a public institution: final accounts (部门决算), the ten public tables, and the
budget-performance self-evaluation (部门整体支出绩效自评)."""
