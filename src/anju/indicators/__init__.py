"""The indicator catalogue's machinery (definitions, registration, query helpers), below every business area:
each area declares its figures with it in ``anju/<area>/indicators.py``; the report area reads them."""
