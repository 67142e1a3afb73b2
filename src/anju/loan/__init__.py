"""Housing loans (个人住房公积金贷款). Importing the package connects nothing: the loan area's port for
withdrawals (``anju.loan.port``) is plugged in by the composition root (``anju.compose``)."""
