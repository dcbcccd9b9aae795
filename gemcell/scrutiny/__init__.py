"""Bid scrutiny (duties 8–11 of the memo, and the manual-L1 flag of 12): the rule engine and the review desk.

``rules/`` holds the check registry, ``settings.py`` the thresholds with their effective dates, ``engine.py`` runs
the rules over bids and orders and keeps the findings; the desk's pages are in ``views.py``.
"""
