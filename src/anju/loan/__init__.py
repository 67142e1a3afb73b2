"""Housing loans (个人住房公积金贷款)."""


def _connect() -> None:
    """Register the loan port with the withdrawal area lazily, so importing any loan module plugs it in."""
    from anju.withdrawal import loanport

    class _Lazy:
        connected = True

        def _real(self):
            from anju.loan import port

            port.connect()
            return port.PORT

        def find(self, conn, **kw):
            return self._real().find(conn, **kw)

        def apply(self, uow, actor, repayment):
            return self._real().apply(uow, actor, repayment)

        def reverse(self, uow, actor, repayment, **kw):
            return self._real().reverse(uow, actor, repayment, **kw)

    loanport.register(_Lazy())


_connect()
