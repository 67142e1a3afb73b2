"""Transfers between centres (异地转移接续): transfer out with interest settled to the day."""
