"""Users, roles, permissions, sessions and the hash-chained audit trail."""
