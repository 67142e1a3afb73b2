"""The synthetic centre (模拟中心): a seeded plan of a city's employers, members and months, carried out
either through the real services (small centres) or set-based (large ones) with the same rows."""
