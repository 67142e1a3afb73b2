"""Withdrawals (提取)."""
