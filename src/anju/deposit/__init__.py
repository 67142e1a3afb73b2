"""Contributions (归集): monthly remittance, back payment, deferral, base adjustment, flexible workers."""
