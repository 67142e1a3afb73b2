"""Deposit interest (结息), value-added income (增值收益) and the fund's year-end."""
