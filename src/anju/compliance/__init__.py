"""Compliance (电子稽查、骗提骗贷案件、归集执法、投诉、睡眠户): above the business areas, which never import it."""
