"""Pending payments after GeM purchases (duty 6 of memo 43/2020): due dates by the rules in force, ageing, the
interest owed (DoE penal interest, MSMED Act interest), the departments' payment status returns and the dashboard."""
import logging

logger = logging.getLogger(__name__)
