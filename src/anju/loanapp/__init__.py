"""Loan origination (贷前): applications, the limit rule, the workflow to disbursement."""
